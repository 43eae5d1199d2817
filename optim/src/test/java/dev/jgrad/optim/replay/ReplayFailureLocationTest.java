package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A failed case says where it first left the recording: the case, the step, the element of θ (or [row, column] of a
 * matrix), the loss or the closure's evaluation count, and the state entry by its key — with both numbers, or,
 * for a key jgrad does not keep, the keys it does keep. The table prints that line under the case's row.
 */
class ReplayFailureLocationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first failure after {@code edit} of case {@code index} of {@code section} in {@code resource}. */
    private static CaseResult.Failure failure(String resource, String section, int index, Consumer<ObjectNode> edit)
            throws Exception {
        ReplayReport r = run(resource, section, index, edit);
        assertFalse(r.passed(), r.table());
        CaseResult c = r.cases().get(0);
        assertTrue(r.table().contains("  " + c.name() + ", first beyond the tolerance at " + c.firstFailure() + "\n"),
                r.table());
        return c.firstFailure();
    }

    private static ReplayReport run(String resource, String section, int index, Consumer<ObjectNode> edit)
            throws Exception {
        ObjectNode source;
        try (InputStream in = ReplayFailureLocationTest.class.getResourceAsStream(resource)) {
            source = (ObjectNode) JSON.readTree(in);
        }
        ObjectNode c = ((ObjectNode) source.get(section).get(index)).deepCopy();
        edit.accept(c);
        ObjectNode file = JSON.createObjectNode().put("generator", "edited");
        file.putArray(section).add(c);
        return TrajectoryReplay.run(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)), "e.json");
    }

    private static void scale(ArrayNode numbers, int i, double factor) {
        numbers.set(i, DoubleNode.valueOf(numbers.get(i).doubleValue() * factor));
    }

    @Test
    void aMisnamedStateKeyIsNamedWithTheKeysJgradKeeps() throws Exception {
        CaseResult.Failure f = failure("/reference/optim-trajectories.json", "open_loop", 5, c -> {   // adam_default
            ObjectNode state = (ObjectNode) c.get("final_state");
            state.set("exp_avg_sqq", state.remove("exp_avg_sq"));
        });
        assertEquals("final_state 'exp_avg_sqq'", f.where());
        assertEquals("Adam keeps no entry of that name (its state: step, exp_avg, exp_avg_sq)", f.what());
    }

    @Test
    void aStateValueIsNamedByKeyAndElement() throws Exception {
        CaseResult.Failure f = failure("/reference/optim-trajectories.json", "open_loop", 5,
                c -> scale((ArrayNode) c.get("final_state").get("exp_avg"), 1, 1 + 1e-6));
        assertEquals("final_state 'exp_avg'[1]", f.where());
        assertTrue(f.what().matches("jgrad \\S+, recorded \\S+ \\(relative error 1\\.00e-06\\)"), f.what());
        CaseResult.Failure step = failure("/reference/optim-trajectories.json", "open_loop", 5,
                c -> ((ObjectNode) c.get("final_state")).put("step", 24));
        assertEquals("final_state 'step'", step.where());
        assertEquals("jgrad 25.0, recorded 24.0 (relative error 4.17e-02)", step.what());
    }

    @Test
    void aParameterIsNamedByStepAndElementTheFirstTimeItIsOff() throws Exception {
        CaseResult.Failure f = failure("/reference/optim-trajectories.json", "open_loop", 0, c -> {   // sgd_plain
            scale((ArrayNode) c.get("expected_after_each_step").get(6), 2, 1 + 1e-8);
            scale((ArrayNode) c.get("expected_after_each_step").get(9), 0, 2);   // later, and larger: not the first
        });
        assertEquals("step 7, θ[2]", f.where());
    }

    @Test
    void aMatrixElementIsNamedByRowAndColumn() throws Exception {
        ObjectNode source;
        try (InputStream in = getClass().getResourceAsStream("/reference/optim-zoo-trajectories.json")) {
            source = (ObjectNode) JSON.readTree(in);
        }
        int matrix = -1;
        for (int i = 0; i < source.get("open_loop").size() && matrix < 0; i++) {
            if (source.get("open_loop").get(i).has("shape") && source.get("open_loop").get(i).get("shape").size() == 2) {
                matrix = i;
            }
        }
        assertTrue(matrix >= 0, "the zoo records a matrix case");
        int columns = source.get("open_loop").get(matrix).get("shape").get(1).intValue();
        CaseResult.Failure f = failure("/reference/optim-zoo-trajectories.json", "open_loop", matrix,
                c -> scale((ArrayNode) c.get("expected_after_each_step").get(0), columns + 2, 1 + 1e-6));
        assertEquals("step 1, θ[1, 2]", f.where());
    }

    @Test
    void aClosedLoopNamesTheLossAndTheClosureCount() throws Exception {
        CaseResult.Failure loss = failure("/reference/optim-trajectories.json", "closed_loop", 0,
                c -> scale((ArrayNode) c.get("loss_before_each_step"), 3, 1 + 1e-6));
        assertEquals("step 4, loss", loss.where());
        CaseResult.Failure count = failure("/lbfgs/lbfgs-options.json", "closed_loop", 0, c -> {
            ArrayNode counts = (ArrayNode) c.get("closure_evaluations_per_step");
            counts.set(1, IntNode.valueOf(counts.get(1).intValue() + 1));
        });
        assertEquals("step 2, closure evaluations", count.where());
        assertEquals("jgrad 4, recorded 5", count.what());
    }

    @Test
    void aParameterGroupIsNamed() throws Exception {
        CaseResult.Failure f = failure("/reference/optim-trajectories.json", "param_groups", 0,
                c -> scale((ArrayNode) c.get("expected_after_each_step").get(1).get(3), 0, 1 + 1e-6));
        assertEquals("step 4, group 1, θ[0, 0]", f.where(), "group 1's parameter is a matrix");
    }

    @Test
    void aPassedCaseHasNoFailure() throws Exception {
        ReplayReport r = run("/reference/optim-trajectories.json", "open_loop", 5, c -> {});
        assertTrue(r.passed());
        assertNull(r.cases().get(0).firstFailure());
        assertFalse(r.table().contains("first beyond"), r.table());
    }
}
