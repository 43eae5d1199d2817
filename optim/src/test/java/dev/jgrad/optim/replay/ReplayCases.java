package dev.jgrad.optim.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Replays the cases of one optimizer from a reference file in test resources. */
final class ReplayCases {
    private ReplayCases() {}

    /** The open and closed loops of {@code resource} recorded for {@code optimizer}, replayed; prints the table. */
    static ReplayReport of(String resource, String optimizer) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode root;
        try (InputStream in = ReplayCases.class.getResourceAsStream(resource)) {
            root = json.readTree(in);
        }
        ObjectNode only = json.createObjectNode().put("generator", root.get("generator").asText());
        for (String section : new String[] {"open_loop", "closed_loop"}) {
            ArrayNode cases = only.putArray(section);
            root.get(section).forEach(c -> {
                if (c.get("optimizer").asText().equals(optimizer)) {
                    cases.add(c);
                }
            });
        }
        ReplayReport report = TrajectoryReplay.run(new ByteArrayInputStream(json.writeValueAsBytes(only)),
                optimizer + " cases");
        System.out.print(report.table());
        return report;
    }
}
