package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Adagrad, Adadelta, RMSprop, Rprop, Adamax and ASGD replay every case recorded for them in the shelf's
 * PyTorch 1.13 reference file (open loops with final state, and RMSprop's Rosenbrock closed loop).
 */
class AdaptiveReplayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cases of {@code optimizer} in the zoo file, as a file of their own. */
    private static ReplayReport replay(String optimizer) throws Exception {
        JsonNode root;
        try (InputStream in = AdaptiveReplayTest.class.getResourceAsStream("/reference/optim-zoo-trajectories.json")) {
            root = JSON.readTree(in);
        }
        ObjectNode only = JSON.createObjectNode().put("generator", root.get("generator").asText());
        for (String section : new String[] {"open_loop", "closed_loop"}) {
            ArrayNode cases = only.putArray(section);
            root.get(section).forEach(c -> {
                if (c.get("optimizer").asText().equals(optimizer)) {
                    cases.add(c);
                }
            });
        }
        return TrajectoryReplay.run(new ByteArrayInputStream(JSON.writeValueAsBytes(only)), optimizer + " cases");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Adagrad", "Adadelta", "RMSprop", "Rprop", "Adamax", "ASGD"})
    void everyRecordedCaseIsMatchedWithin1e10(String optimizer) throws Exception {
        ReplayReport report = replay(optimizer);
        System.out.print(report.table());
        assertEquals(optimizer.equals("RMSprop") ? 3 : 2, report.cases().size(), "recorded cases of " + optimizer);
        for (CaseResult c : report.cases()) {
            assertTrue(c.passed(), () -> c.name() + ": max relative error " + c.maxRelError());
        }
    }
}
