package dev.jgrad.learn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.io.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code --health FILE.jsonl}: one JSON object per recorded step, one per line, e.g. (wrapped here)
 * <pre>
 * {"step":51,"epoch":1,"loss":0.41,"lr":0.001,
 *  "params":{"0.weight":{"grad_norm":0.52,"weight_norm":16.5,"update_ratio":0.0011,
 *                        "effective_step":{"min":1.2e-6,"p5":4.0e-5,"p50":3.1e-4,"p95":0.001,"max":0.001}}, ...},
 *  "activations":{"1":{"type":"ReLU","dead_fraction":0.004}}}
 * </pre>
 * {@code effective_step} is there only for optimizers with a second moment; a NaN or infinity is written as
 * {@code null}. Like {@code --metrics}, the whole file is rewritten atomically after every epoch (and when
 * training diverges), so it is never half a line, whatever stops the run; a resumed run keeps the lines up
 * to the step it resumes after.
 */
public final class HealthLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HealthLog() {
    }

    /** One line per record. */
    public static String format(List<HealthRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (HealthRecord r : records) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", r.step());
            line.put("epoch", r.epoch());
            line.put("loss", r.loss());
            line.put("lr", r.lr());
            Map<String, Object> params = new LinkedHashMap<>();
            for (HealthRecord.Param p : r.params()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("grad_norm", p.gradNorm());
                m.put("weight_norm", p.weightNorm());
                m.put("update_ratio", p.updateRatio());
                if (p.effectiveStep() != null) {
                    m.put("effective_step", p.effectiveStep());   // min, p5, p50, p95, max
                }
                params.put(p.name(), m);
            }
            line.put("params", params);
            Map<String, Object> acts = new LinkedHashMap<>();
            for (HealthRecord.Activation a : r.activations()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", a.type());
                m.put("dead_fraction", a.deadFraction());
                acts.put(a.name(), m);
            }
            line.put("activations", acts);
            JsonLines.append(sb, line, "a health record");
        }
        return sb.toString();
    }

    /**
     * Replaces {@code file} with {@code kept} (lines of an earlier run, see {@link #linesUpTo}) and then the
     * lines for {@code records}.
     *
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public static void write(Path file, List<String> kept, List<HealthRecord> records) {
        StringBuilder sb = new StringBuilder();
        kept.forEach(l -> sb.append(l).append('\n'));
        sb.append(format(records));
        AtomicFile.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The lines of an existing health log whose {@code step} is at most {@code lastStep}, for a resumed run;
     * none if the file does not exist. Lines that are not a health record are dropped.
     */
    public static List<String> linesUpTo(Path file, long lastStep) {
        List<String> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                JsonNode step = line.isBlank() ? null : parse(line).get("step");
                if (step != null && step.canConvertToLong() && step.asLong() <= lastStep) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + AtomicFile.reason(e), e);
        }
        return out;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }
}
