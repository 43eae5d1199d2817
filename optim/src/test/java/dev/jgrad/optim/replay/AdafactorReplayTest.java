package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adafactor replays its recorded cases: a vector, and a 4 × 6 matrix with weight decay (row and column factors). */
class AdafactorReplayTest {

    @Test
    void bothRecordedCasesAreMatchedWithin1e10() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode root;
        try (InputStream in = AdafactorReplayTest.class.getResourceAsStream("/reference/optim-zoo-trajectories.json")) {
            root = json.readTree(in);
        }
        ObjectNode only = json.createObjectNode().put("generator", root.get("generator").asText());
        ArrayNode cases = only.putArray("open_loop");
        root.get("open_loop").forEach(c -> {
            if (c.get("optimizer").asText().equals("Adafactor")) {
                cases.add(c);
            }
        });
        ReplayReport report = TrajectoryReplay.run(new ByteArrayInputStream(json.writeValueAsBytes(only)), "Adafactor cases");
        System.out.print(report.table());
        assertEquals(2, report.cases().size());
        report.cases().forEach(c -> assertTrue(c.passed(), c.name() + ": max relative error " + c.maxRelError()));
    }
}
