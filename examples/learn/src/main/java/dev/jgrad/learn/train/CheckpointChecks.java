package dev.jgrad.learn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.ParamState;
import dev.jgrad.optim.SOAP;
import dev.jgrad.optim.engine.StateFiles;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What resuming checks before it restores anything, beyond the setup {@link Checkpoint} compares: that
 * every file is the one the manifest recorded (SHA-256), that the manifest's history counts its epochs,
 * and that the optimizer's state agrees with the manifest and with this run (options, step counts). Each
 * failure is a {@link CheckpointException} naming the file and what is wrong in it.
 */
final class CheckpointChecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointChecks() {
    }

    /** SHA-256 of {@code bytes}, lowercase hex. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** A fresh SHA-256 digest (every JVM has one). */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Refuses {@code file}'s bytes unless they are the ones the manifest recorded. */
    static void sameAsRecorded(Path file, byte[] bytes, String recorded) {
        if (recorded == null) {
            throw new CheckpointException(file + ": the manifest records no SHA-256 for it; resume refuses files "
                    + "it cannot check");
        }
        String actual = sha256(bytes);
        if (!actual.equals(recorded)) {
            throw new CheckpointException(file + ": changed since it was saved (SHA-256 " + actual.substring(0, 12)
                    + "..., the manifest recorded " + recorded.substring(0, Math.min(12, recorded.length()))
                    + "...); resume refuses edited or damaged files: restore the file or start a new run");
        }
    }

    /** The history holds one entry per epoch, numbered 1 to N. */
    static void history(Path manifest, int epoch, List<EpochMetrics> history) {
        if (history == null || history.size() != epoch) {
            throw new CheckpointException(manifest + ": epoch is " + epoch + " but the history lists "
                    + (history == null ? 0 : history.size()) + " epochs");
        }
        for (int i = 0; i < history.size(); i++) {
            EpochMetrics m = history.get(i);
            if (m == null) {
                throw new CheckpointException(manifest + ": history[" + i + "] is null; expected epoch " + (i + 1)
                        + "'s metrics");
            }
            if (m.epoch() != i + 1) {
                throw new CheckpointException(manifest + ": history[" + i + "] is numbered epoch " + m.epoch()
                        + ", expected " + (i + 1));
            }
        }
    }

    /**
     * The per-group options and initial rates of {@code state} as JSON, as {@link StateFiles} writes them:
     * {@code [{"options": {...}, "initial_lr": ...}, ...]}, what the manifest records.
     */
    static JsonNode options(OptimizerState state) {
        List<OptimizerState.Group> groups = new ArrayList<>();
        for (OptimizerState.Group g : state.groups()) {
            groups.add(new OptimizerState.Group(g.options(), g.initialLr(), List.of()));
        }
        try {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode g : JSON.readTree(StateFiles.toJson(new OptimizerState(state.optimizer(),
                    state.weightDecay(), groups))).path("param_groups")) {
                out.addObject().setAll(Map.of("options", g.path("options"), "initial_lr",
                        g.path("initial_lr")));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back the optimizer's options", e);
        }
    }

    /**
     * Refuses an optimizer state whose options differ from what the manifest recorded ({@code recorded}, null
     * in format 2) or from this run's ({@code fresh}, the optimizer as built; its {@code lr} is compared only
     * without a schedule, which changes it), or whose step counts are not the {@code steps} the epochs made.
     */
    static void optimizerState(Path file, OptimizerState state, JsonNode recorded, OptimizerState fresh,
                               boolean scheduled, long steps) {
        JsonNode saved = options(state);
        if (recorded != null && !recorded.isNull() && !recorded.equals(saved)) {
            throw new CheckpointException(file + ": its options differ from those the manifest recorded: "
                    + String.join("; ", diff(saved, recorded, "manifest", false)));
        }
        List<String> diffs = diff(saved, options(fresh), "this run", scheduled);
        if (!diffs.isEmpty()) {
            throw new CheckpointException(file + ": its options differ from this run's: " + String.join("; ", diffs)
                    + "; resume with the options the checkpoint was made with");
        }
        // SOAP's first step builds its eigenbasis and is not counted in its step, as in the authors' code
        long counted = OptimizerRegistry.has(state.optimizer())
                && OptimizerRegistry.get(state.optimizer()).type() == SOAP.class ? steps - SOAP.BASIS_STEPS : steps;
        for (int g = 0; g < state.groups().size(); g++) {
            List<OptimizerState.Param> params = state.groups().get(g).params();
            for (int p = 0; p < params.size(); p++) {
                ParamState s = params.get(p).state();
                if (s == null || !s.has("step") || s.isBuffer("step")) {
                    continue;
                }
                double step = s.get("step");
                String where = file + ": parameter " + p + (state.groups().size() > 1 ? " of group " + g : "")
                        + " has step " + OptimizerSpec.num(step);
                if (!(step >= 0 && step == Math.rint(step))) {
                    throw new CheckpointException(where + "; a step count is a whole number >= 0");
                }
                if (step != counted) {
                    throw new CheckpointException(where + ", but the manifest's epochs made " + steps + " steps"
                            + (counted != steps ? " (" + counted + " counted)" : ""));
                }
            }
        }
    }

    /** "lr 5.0 (manifest: 0.001)" for each option that differs, group by group. */
    private static List<String> diff(JsonNode saved, JsonNode other, String otherName, boolean skipLr) {
        List<String> out = new ArrayList<>();
        if (saved.size() != other.size()) {
            out.add(saved.size() + " parameter groups (" + otherName + ": " + other.size() + ")");
            return out;
        }
        for (int g = 0; g < saved.size(); g++) {
            String prefix = saved.size() > 1 ? "group " + g + " " : "";
            JsonNode a = saved.get(g).path("options");
            JsonNode b = other.get(g).path("options");
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!(skipLr && k.equals("lr")) && !a.path(k).equals(b.path(k))) {
                    out.add(prefix + k + " " + shown(a.get(k)) + " (" + otherName + ": " + shown(b.get(k)) + ")");
                }
            }
            JsonNode ia = saved.get(g).path("initial_lr");
            JsonNode ib = other.get(g).path("initial_lr");
            if (!ib.isNull() && !ib.isMissingNode() && !ia.equals(ib)) {
                out.add(prefix + "initial_lr " + shown(ia) + " (" + otherName + ": " + shown(ib) + ")");
            }
        }
        return out;
    }

    private static String shown(JsonNode n) {
        return n == null || n.isMissingNode() ? "missing" : n.toString();
    }

    /** A manifest's parse failure in plain words: where, and what was expected (no parser internals). */
    static String jsonProblem(JsonProcessingException e) {
        return StateFiles.describe(e);
    }
}
