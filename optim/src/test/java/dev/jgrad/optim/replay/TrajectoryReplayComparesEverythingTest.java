package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A replay is only as good as what it compares: every recorded number of every case kind is checked (one
 * changed by a relative 1e-9, ten times the tolerance, fails the case), and every pair of lengths that must
 * agree is checked before anything runs (a clear error, not an index out of bounds).
 */
class TrajectoryReplayComparesEverythingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode resource(String path) throws Exception {
        try (InputStream in = TrajectoryReplayComparesEverythingTest.class.getResourceAsStream(path)) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    /** A file holding one case of {@code section}, edited by {@code edit}. */
    private static ObjectNode single(ObjectNode source, String section, int index, Consumer<ObjectNode> edit) {
        ObjectNode c = ((ObjectNode) source.get(section).get(index)).deepCopy();
        edit.accept(c);
        ObjectNode file = JSON.createObjectNode();
        file.put("generator", "edited");
        file.putArray(section).add(c);
        return file;
    }

    private static ReplayReport run(JsonNode file) throws TrajectoryFileException {
        return TrajectoryReplay.run(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)), "e.json");
    }

    private static String error(JsonNode file) {
        return assertThrows(TrajectoryFileException.class, () -> run(file)).getMessage();
    }

    /** Moves the number at {@code array[i]} by a relative 1e-9 (or to 1e-12 if it is 0). */
    private static void nudge(JsonNode array, int i) {
        double v = array.get(i).doubleValue();
        ((ArrayNode) array).set(i, DoubleNode.valueOf(v == 0 ? 1e-12 : v * (1 + 1e-9)));
    }

    private static ArrayNode last(JsonNode array) {
        return (ArrayNode) array.get(array.size() - 1);
    }

    /** Every edit of one case: the unedited case passes, and each single nudge makes it fail. */
    private static void assertEveryNudgeFails(ObjectNode source, String section, int index, List<Consumer<ObjectNode>> nudges)
            throws Exception {
        String name = source.get(section).get(index).get("name").textValue();
        assertTrue(run(single(source, section, index, c -> {})).passed(), name + " passes unedited");
        for (int k = 0; k < nudges.size(); k++) {
            ReplayReport r = run(single(source, section, index, nudges.get(k)));
            assertFalse(r.passed(), name + ": nudge " + k + " was not noticed");
            assertTrue(r.cases().get(0).maxRelError() > TrajectoryReplay.TOLERANCE);
            assertTrue(r.cases().get(0).maxAbsError() > 0, "the absolute error is reported too");
        }
    }

    @Test
    void openLoopComparesEveryStepAndEveryFinalStateEntry() throws Exception {
        ObjectNode ref = resource("/reference/optim-trajectories.json");
        for (int i = 0; i < ref.get("open_loop").size(); i++) {
            List<Consumer<ObjectNode>> nudges = new ArrayList<>();
            nudges.add(c -> nudge(c.get("expected_after_each_step").get(0), 0));
            nudges.add(c -> nudge(last(c.get("expected_after_each_step")), 1));
            JsonNode state = ref.get("open_loop").get(i).get("final_state");
            if (state != null) {
                state.fieldNames().forEachRemaining(key -> nudges.add(c -> {
                    ObjectNode s = (ObjectNode) c.get("final_state");
                    if (s.get(key).isArray()) {
                        nudge(s.get(key), 0);
                    } else {
                        s.put(key, s.get(key).doubleValue() + 1);    // the step count
                    }
                }));
            }
            assertEveryNudgeFails(ref, "open_loop", i, nudges);
        }
    }

    @Test
    void closedLoopComparesLossesParametersAndClosureCounts() throws Exception {
        ObjectNode ref = resource("/reference/optim-trajectories.json");
        for (int i = 0; i < ref.get("closed_loop").size(); i++) {
            assertEveryNudgeFails(ref, "closed_loop", i, List.of(
                    c -> nudge(c.get("loss_before_each_step"), 0),
                    c -> nudge(c.get("loss_before_each_step"), c.get("loss_before_each_step").size() - 1),
                    c -> nudge(c.get("expected_after_each_step").get(0), 0),
                    c -> nudge(last(c.get("expected_after_each_step")), 1)));
        }
        ObjectNode lbfgs = resource("/lbfgs/lbfgs-options.json");
        assertEveryNudgeFails(lbfgs, "closed_loop", 0, List.of(c -> {
            ArrayNode counts = (ArrayNode) c.get("closure_evaluations_per_step");
            counts.set(1, IntNode.valueOf(counts.get(1).intValue() + 1));
        }));
    }

    @Test
    void paramGroupsCompareEveryGroupAtEveryStep() throws Exception {
        ObjectNode ref = resource("/reference/optim-trajectories.json");
        int groups = ref.get("param_groups").get(0).get("groups").size();
        List<Consumer<ObjectNode>> nudges = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            int group = g;
            nudges.add(c -> nudge(c.get("expected_after_each_step").get(group).get(0), 0));
            nudges.add(c -> nudge(last(c.get("expected_after_each_step").get(group)), 0));
        }
        assertEveryNudgeFails(ref, "param_groups", 0, nudges);
    }

    @Test
    void lengthsThatMustAgreeAreCheckedFirst() throws Exception {
        ObjectNode ref = resource("/reference/optim-trajectories.json");
        ObjectNode lbfgs = resource("/lbfgs/lbfgs-options.json");
        assertEquals("e.json: open_loop[0] (sgd_plain): expected 25 steps, got 24", error(single(ref, "open_loop", 0,
                c -> ((ArrayNode) c.get("expected_after_each_step")).remove(24))));
        assertEquals("e.json: closed_loop[0] (rosen_sgd_momentum): expected " + steps(ref) + " steps, got " + (steps(ref) - 1),
                error(single(ref, "closed_loop", 0, c -> ((ArrayNode) c.get("expected_after_each_step")).remove(0))));
        assertEquals("e.json: closed_loop[0] (rosen_sgd_momentum).loss_before_each_step: expected " + steps(ref)
                + " numbers, got " + (steps(ref) + 1), error(single(ref, "closed_loop", 0,
                c -> ((ArrayNode) c.get("loss_before_each_step")).add(1.0))));
        assertEquals("e.json: closed_loop[0] (lbfgs_lr_half_short_history).closure_evaluations_per_step: expected 8 steps, got 7",
                error(single(lbfgs, "closed_loop", 0, c -> ((ArrayNode) c.get("closure_evaluations_per_step")).remove(7))));
        assertEquals("e.json: closed_loop[0] (rosen_sgd_momentum).steps: expected a step count >= 0, got -1",
                error(single(ref, "closed_loop", 0, c -> c.put("steps", -1))));
        ObjectNode none = single(ref, "closed_loop", 0, c -> {
            c.put("steps", 0);
            c.putArray("loss_before_each_step");
            c.putArray("expected_after_each_step");
        });
        ReplayReport zero = run(none);
        assertTrue(zero.passed(), "zero steps is a valid, if empty, case");
        assertEquals(0, zero.cases().get(0).steps());
        ((ArrayNode) none.get("closed_loop").get(0).get("loss_before_each_step")).add(1.0);
        assertEquals("e.json: closed_loop[0] (rosen_sgd_momentum).loss_before_each_step: expected 0 numbers, got 1",
                error(none));
        String group = "e.json: param_groups[0] (adamw_two_groups_grad_none)";
        assertEquals(group + ".grads[1]: expected 10 steps, got 9", error(single(ref, "param_groups", 0,
                c -> ((ArrayNode) c.get("grads").get(1)).remove(9))));
        assertEquals(group + ".expected_after_each_step[1]: expected 10 steps, got 9", error(single(ref, "param_groups", 0,
                c -> ((ArrayNode) c.get("expected_after_each_step").get(1)).remove(9))));
    }

    @Test
    void aGroupsOwnOptionsAreValidatedOverTheDefaults() throws Exception {
        ObjectNode ref = resource("/reference/optim-trajectories.json");
        assertEquals("e.json: param_groups[0] (adamw_two_groups_grad_none).groups[1]: Invalid learning rate: -0.03 "
                        + "(must be >= 0)",
                error(single(ref, "param_groups", 0, c -> ((ObjectNode) c.get("groups").get(1)).put("lr", -0.03))));
        assertEquals("e.json: param_groups[0] (adamw_two_groups_grad_none).groups[0]: Invalid beta parameter at index 0: "
                        + "1.5 (must be in [0, 1))",
                error(single(ref, "param_groups", 0, c -> ((ObjectNode) c.get("groups").get(0)).putArray("betas")
                        .add(1.5).add(0.99))));
    }

    private static int steps(ObjectNode ref) {
        return ref.get("closed_loop").get(0).get("steps").intValue();
    }

    @Test
    void theTableWidensItsFirstColumnToTheLongestName() throws Exception {
        ObjectNode ref = resource("/reference/optim-trajectories.json");
        String table = run(ref).table();
        String[] lines = table.split("\n");
        int kind = lines[1].indexOf("kind");
        String longest = "adamw_two_groups_grad_none";
        assertEquals(longest.length() + 2, kind, "header: " + lines[1]);
        for (int i = 2; i < lines.length - 1; i++) {
            assertEquals(' ', lines[i].charAt(kind - 1), lines[i]);
            assertTrue(Character.isLetter(lines[i].charAt(kind)), "every row's kind starts in the kind column: " + lines[i]);
        }
    }
}
