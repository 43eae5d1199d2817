package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared file's two non-square SOAP cases, whose first Gram matrix of the larger side (GᵀG of the 4 × 6 case,
 * GGᵀ of the 5 × 3 one) is singular with a two-dimensional null space: the replay fits the basis within it (one
 * angle, {@link NullSpaceFit}) and then holds every step and the final state to 1e-10, as for any other case. What
 * shows that the fit is needed and that it cannot rescue a wrong trajectory: jgrad's own basis (φ = 0) misses by far
 * more than the tolerance, and a perturbed optimizer or a perturbed recording still fails with the fit.
 */
class SoapNullSpaceFitTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNFITTED = Pattern.compile("unfitted \\(jgrad's own basis\\) max rel err (\\S+)$");

    @ParameterizedTest(name = "{0}: {1}-dimensional null space")
    @CsvSource({"soap_matrix, 2", "soap_matrix_freq3, 2"})
    void theNullSpaceBasisIsFittedAndThenEveryValueIsWithin1e10(String name, int dimension) throws Exception {
        CaseResult c = replay(name, x -> { });
        assertTrue(c.passed(), c.name() + ": " + c.maxRelError() + ", " + c.fitted());
        assertTrue(c.maxRelError() <= 1e-10);
        assertNotNull(c.fitted(), "the fit is reported");
        assertTrue(c.fitted().startsWith("null-space basis fitted, φ = "), c.fitted());
        assertTrue(c.fitted().contains("1 parameter fitted from 25 steps × " + (name.equals("soap_matrix") ? 24 : 15)
                + " values and the final state"), c.fitted());
        Matcher m = UNFITTED.matcher(c.fitted());
        assertTrue(m.find(), c.fitted());
        assertTrue(Double.parseDouble(m.group(1)) > 1e-6, "jgrad's own basis misses the recording: " + c.fitted());
    }

    @Test
    void casesWithUniqueBasesAndOtherOptimizersFitNothing() throws Exception {
        ReplayReport all;
        try (InputStream in = getClass().getResourceAsStream("/reference/optim-frontier-trajectories.json")) {
            all = TrajectoryReplay.run(in, "optim-frontier-trajectories.json");
        }
        System.out.print(all.table());
        assertTrue(all.passed(), all.table());
        for (CaseResult c : all.cases()) {
            if (c.name().equals("soap_matrix") || c.name().equals("soap_matrix_freq3")) {
                assertNotNull(c.fitted(), c.name());
            } else {
                assertNull(c.fitted(), c.name());
            }
        }
        assertTrue(all.table().contains("AdamWScheduleFree  "), "the optimizer column fits its longest name");
    }

    @ParameterizedTest(name = "{0} with {1} perturbed still fails")
    @CsvSource({"soap_matrix, weight_decay, 0.0101", "soap_matrix_freq3, eps, 1e-7", "soap_matrix_freq3, lr, 0.02002"})
    void aPerturbedOptimizerStillFailsWithTheFit(String name, String option, double value) throws Exception {
        CaseResult c = replay(name, k -> ((ObjectNode) k.get("options")).put(option, value));
        assertNotNull(c.fitted(), "the fit was tried");
        assertFalse(c.passed(), c.name() + " with " + option + " = " + value + " fitted to " + c.maxRelError());
    }

    @Test
    void aPerturbedRecordingStillFailsWithTheFit() throws Exception {
        CaseResult c = replay("soap_matrix", k -> {
            ArrayNode step20 = (ArrayNode) k.get("expected_after_each_step").get(19);
            step20.set(3, step20.get(3).doubleValue() * (1 + 1e-8));
        });
        // the angle that fits best spreads the one value's 1e-8 over others, so where it first fails may move
        assertFalse(c.passed(), "one value of 600 off by 1e-8 relative: " + c.maxRelError());
        assertNotNull(c.firstFailure());
    }

    /** Replays case {@code name} of the frontier file after {@code edit}ing it. */
    private static CaseResult replay(String name, Consumer<ObjectNode> edit) throws Exception {
        JsonNode root;
        try (InputStream in = SoapNullSpaceFitTest.class.getResourceAsStream("/reference/optim-frontier-trajectories.json")) {
            root = JSON.readTree(in);
        }
        ObjectNode only = JSON.createObjectNode().put("generator", root.get("generator").asText());
        for (JsonNode c : root.get("open_loop")) {
            if (c.get("name").asText().equals(name)) {
                ObjectNode copy = ((ObjectNode) c).deepCopy();
                edit.accept(copy);
                only.putArray("open_loop").add(copy);
            }
        }
        ReplayReport report = TrajectoryReplay.run(new ByteArrayInputStream(JSON.writeValueAsBytes(only)), name);
        System.out.print(report.table());
        assertEquals(1, report.cases().size());
        return report.cases().get(0);
    }
}
