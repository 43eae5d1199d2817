package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lion, NAdam, RAdam, LAMB and LBFGS replay every case recorded for them (open loops, and their Rosenbrock closed loops; LBFGS with its closure counts). */
class ShelfReplayTest {

    @ParameterizedTest
    @CsvSource({"Lion, 3", "NAdam, 3", "RAdam, 2", "LAMB, 2", "LBFGS, 2"})
    void everyRecordedCaseIsMatchedWithin1e10(String optimizer, int expectedCases) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode root;
        try (InputStream in = ShelfReplayTest.class.getResourceAsStream("/reference/optim-zoo-trajectories.json")) {
            root = json.readTree(in);
        }
        ObjectNode only = json.createObjectNode().put("generator", root.get("generator").asText());
        for (String section : new String[] {"open_loop", "closed_loop"}) {
            ArrayNode cases = only.putArray(section);
            root.get(section).forEach(c -> {
                if (c.get("optimizer").asText().equals(optimizer)) cases.add(c);
            });
        }
        ReplayReport report = TrajectoryReplay.run(new ByteArrayInputStream(json.writeValueAsBytes(only)), optimizer + " cases");
        System.out.print(report.table());
        assertEquals(expectedCases, report.cases().size());
        report.cases().forEach(c -> assertTrue(c.passed(), c.name() + ": max relative error " + c.maxRelError()));
    }
}
