package dev.jgrad.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.jgrad.cli.CliTest.assertUsageError;
import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mnist --health/--health-every/--health-plot}: the log's lines and fields, the picture, bad values. */
class HealthCliTest {
    @TempDir
    Path tmp;

    @Test
    void writesOneLinePerRecordedStepAndThePicture() throws IOException {
        Path log = tmp.resolve("health.jsonl");
        Path png = tmp.resolve("health.png");
        // 8000 bundled digits in batches of 64: 125 steps; recorded at 1, 41, 81, 121
        CliTest.Run r = jgrad("mnist", "--bundled", "--epochs", "1", "--no-progress", "--layers", "784,32,10",
                "--health", log.toString(), "--health-every", "40", "--health-plot", png.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(log);
        assertEquals(4, lines.size(), String.join("\n", lines));
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        JsonNode last = json.readTree(lines.get(3));
        assertEquals(1, first.get("step").asInt());
        assertEquals(121, last.get("step").asInt());
        assertEquals(1, last.get("epoch").asInt());
        assertTrue(last.get("loss").asDouble() < first.get("loss").asDouble(), "the loss fell");
        JsonNode w = last.get("params").get("0.weight");
        assertTrue(w.get("grad_norm").asDouble() > 0 && w.get("weight_norm").asDouble() > 0);
        double ratio = w.get("update_ratio").asDouble();
        assertTrue(ratio > 1e-6 && ratio < 1e-1, "AdamW at 1e-3: " + ratio);
        JsonNode q = w.get("effective_step");
        double[] qs = {q.get("min").asDouble(), q.get("p5").asDouble(), q.get("p50").asDouble(),
            q.get("p95").asDouble(), q.get("max").asDouble()};
        for (int i = 1; i < qs.length; i++) {
            assertTrue(qs[i - 1] <= qs[i], Arrays.toString(qs));
        }
        assertTrue(q.get("max").asDouble() <= 1e-3 / 1e-8, "γ/ε bounds it");
        double dead = last.get("activations").get("1").get("dead_fraction").asDouble();
        assertTrue(dead >= 0 && dead <= 1);
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), iterable(last.get("params")));
        assertTrue(Files.size(png) > 5000);
        assertTrue(r.out().contains("health " + log) && r.out().contains("health plot " + png), r.out());
    }

    @Test
    void sgdHasNoEffectiveStepAndANonReluNetHasNoActivations() throws IOException {
        Path log = tmp.resolve("h.jsonl");
        CliTest.Run r = jgrad("mnist", "--bundled", "--epochs", "1", "--no-progress", "--layers", "784,16,10",
                "--activation", "tanh", "--optimizer", "sgd", "--health", log.toString(), "--health-every", "100");
        assertEquals(0, r.code(), r.err());
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(log).get(0));
        assertFalse(line.get("params").get("0.weight").has("effective_step"));
        assertEquals(0, line.get("activations").size());
    }

    @Test
    void aResumedRunKeepsTheEarlierLinesAndEndsWithTheLogOfAStraightRun() throws IOException {
        String[] common = {"mnist", "--bundled", "--no-progress", "--layers", "784,16,10", "--health-every", "50"};
        Path straight = tmp.resolve("straight.jsonl");
        assertEquals(0, jgrad(with(common, "--epochs", "2", "--health", straight.toString())).code());
        Path resumed = tmp.resolve("resumed.jsonl");
        Path ckpt = tmp.resolve("run");
        assertEquals(0, jgrad(with(common, "--epochs", "1", "--checkpoint", ckpt.toString(), "--health",
                resumed.toString())).code());
        assertEquals(3, Files.readAllLines(resumed).size(), "steps 1, 51, 101 of the first epoch's 125");
        CliTest.Run r = jgrad(with(common, "--epochs", "2", "--checkpoint", ckpt.toString(), "--resume", "--health",
                resumed.toString()));
        assertEquals(0, r.code(), r.err());
        // steps 1, 51, ..., 201: the same lines, number for number, as the run that never stopped
        assertEquals(Files.readAllLines(straight), Files.readAllLines(resumed));
        assertEquals(5, Files.readAllLines(resumed).size());
    }

    private static String[] with(String[] common, String... more) {
        List<String> all = new ArrayList<>(List.of(common));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void badHealthOptionsAreOneLineErrors() {
        assertUsageError(jgrad("mnist", "--bundled", "--health", tmp.resolve("h.jsonl").toString(),
                "--health-every", "0"), "--health-every must be at least 1, got 0");
        // a directory cannot be the log: refused before training
        CliTest.Run r = jgrad("mnist", "--bundled", "--health-plot", tmp.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("cannot write " + tmp) && r.err().contains("is a directory"), r.err());
    }

    private static List<String> iterable(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
