package dev.jgrad.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/initialization-and-health.md's health section, read from the Markdown: its command runs (with the files
 * written into a temporary directory) and the figures the text quotes are the log's.
 */
class HealthDocTest {
    private static final String PROMPT = "java -jar examples/target/jgrad.jar ";

    @TempDir
    Path tmp;

    /** The command of doc-check block {@code id}, with the value of every file option moved into {@code tmp}. */
    static String[] command(String doc, String id, Path tmp, String... fileOptions) {
        String line = MarkdownDoc.read(doc).blockLines(id).get(0);
        assertTrue(line.startsWith(PROMPT), line);
        String[] args = line.substring(PROMPT.length()).trim().split("\\s+");
        List<String> files = Arrays.asList(fileOptions);
        for (int i = 0; i + 1 < args.length; i++) {
            if (files.contains(args[i])) {
                args[i + 1] = tmp.resolve(Path.of(args[i + 1]).getFileName()).toString();
            }
        }
        return args;
    }

    @Test
    void theHealthCommandRunsAndTheQuotedFiguresAreItsLog() throws IOException {
        String[] args = command("docs/initialization-and-health.md", "health-run", tmp, "--health", "--health-plot");
        List<String> withQuiet = new ArrayList<>(Arrays.asList(args));
        withQuiet.add("--no-progress");
        CliTest.Run r = jgrad(withQuiet.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        // watching does not change the run: this is the default run's second epoch, quoted on the page
        assertTrue(r.out().contains("Epoch 2, Loss: 0.2620, Test Accuracy: 91.10%"), r.out());
        assertTrue(MarkdownDoc.read("docs/initialization-and-health.md").text().contains("91.10 % at AdamW's default"));
        assertTrue(Files.size(tmp.resolve("health.png")) > 5000);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> log = new ArrayList<>();
        for (String l : Files.readAllLines(tmp.resolve("health.jsonl"))) {
            log.add(json.readTree(l));
        }
        assertEquals(25, log.size(), "steps 1, 11, ..., 241 of 250");
        String text = MarkdownDoc.read("docs/initialization-and-health.md").text();
        JsonNode first = log.get(0);
        // "the first step changes 3.5–5 % of every tensor"; "from step 51 on every ratio stays between 2.5e-3 and 1e-2"
        for (String key : List.of("0.weight", "0.bias", "2.weight", "2.bias")) {
            double r0 = first.get("params").get(key).get("update_ratio").asDouble();
            assertTrue(r0 >= 0.035 && r0 <= 0.05, key + " " + r0);
            for (JsonNode n : log.subList(5, log.size())) {
                double ratio = n.get("params").get(key).get("update_ratio").asDouble();
                assertTrue(ratio >= 2.5e-3 && ratio <= 1e-2, key + " at step " + n.get("step") + ": " + ratio);
                if (key.equals("0.weight")) { // "p95 and max are 1e5 = γ/ε at every record"
                    assertEquals(1e5, n.get("params").get(key).get("effective_step").get("p95").asDouble(), 1e-6);
                    assertEquals(1e5, n.get("params").get(key).get("effective_step").get("max").asDouble(), 1e-6);
                }
                if (key.equals("2.weight")) { // "the median is 8.5e-2 to 9.3e-2"
                    double p50 = n.get("params").get(key).get("effective_step").get("p50").asDouble();
                    assertTrue(p50 >= 0.0845 && p50 < 0.0935, "2.weight p50 " + p50);
                }
            }
        }
        // "1 % at step 1, 7.2 % at step 11, 6.2 % at steps 21 and 31, then between 4.8 % and 5.6 %"
        assertEquals(0.01, dead(log.get(0)), 1e-12);
        assertEquals(0.072, dead(log.get(1)), 1e-12);
        assertEquals(0.062, dead(log.get(2)), 1e-12);
        assertEquals(0.062, dead(log.get(3)), 1e-12);
        for (JsonNode n : log.subList(4, log.size())) {
            assertTrue(dead(n) >= 0.048 && dead(n) <= 0.056, "step " + n.get("step") + ": " + dead(n));
        }
        // "the loss falls from 2.30"
        assertEquals("2.30", String.format(Locale.ROOT, "%.2f", first.get("loss").asDouble()));
        for (String quoted : List.of("3.5–5 %", "2.5e-3 and 1e-2", "4.8 % and 5.6 %", "8.5e-2 to 9.3e-2",
                "1 % at step 1, 7.2 % at step 11, 6.2 % at steps 21 and 31", "from 2.30")) {
            assertTrue(text.contains(quoted), quoted);
        }
    }

    private static double dead(JsonNode n) {
        return n.get("activations").get("1").get("dead_fraction").asDouble();
    }
}
