package dev.jgrad.optim.replay;

import dev.jgrad.optim.OptimizerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The replay library's results, table and one-line errors for files it cannot replay. */
class TrajectoryReplayTest {

    private static final String CASE = """
            {"generator": "test", "open_loop": [{"name": "one", "optimizer": "%s", "options": %s,
              "theta0": [1.0, 2.0], "grads": [[0.5, -0.5]], "expected_after_each_step": [[%s, 2.05]]%s}]}
            """;

    private static String file(String optimizer, String options, String expected, String extra) {
        return String.format(CASE, optimizer, options, expected, extra);
    }

    private static ReplayReport run(String json) throws TrajectoryFileException {
        return TrajectoryReplay.run(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json");
    }

    private static String error(String json) {
        TrajectoryFileException e = assertThrows(TrajectoryFileException.class, () -> run(json));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("t.json: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aMatchingCasePassesAndAMismatchingOneFails() throws Exception {
        ReplayReport ok = run(file("SGD", "{\"lr\": 0.1}", "0.95", ""));
        assertTrue(ok.passed());
        CaseResult c = ok.cases().get(0);
        assertEquals(new CaseResult("one", "open_loop", "SGD", 1, 0, 0, true), c);

        ReplayReport bad = run(file("SGD", "{\"lr\": 0.1}", "0.9500001", ""));
        assertFalse(bad.passed());
        assertEquals(0.0000001 / 0.9500001, bad.cases().get(0).maxRelError(), 1e-15);
        assertTrue(bad.table().contains("FAIL"), bad.table());
        assertTrue(bad.table().endsWith("1 cases: 0 passed, 1 failed\n"), bad.table());
    }

    @Test
    void aFinalStateEntryTheOptimizerDoesNotKeepFailsTheCase() throws Exception {
        ReplayReport r = run(file("SGD", "{\"lr\": 0.1}", "0.95", ", \"final_state\": {\"momentum_buffer\": [0.5, -0.5]}"));
        assertFalse(r.passed(), "momentum 0 keeps no buffer, so a recorded one cannot be matched");
        ReplayReport m = run(file("SGD", "{\"lr\": 0.1, \"momentum\": 0.9}", "0.95",
                ", \"final_state\": {\"momentum_buffer\": [0.5, -0.5]}"));
        assertTrue(m.passed(), m.table());
    }

    @Test
    void theTableNamesTheFileGeneratorAndEveryCase() throws Exception {
        ReplayReport r;
        try (InputStream in = getClass().getResourceAsStream("/reference/optim-trajectories.json")) {
            r = TrajectoryReplay.run(in, "optim-trajectories.json");
        }
        String table = r.table();
        assertTrue(table.startsWith("optim-trajectories.json (PyTorch 1.13.0a0, float64), tolerance 1e-10 relative\n"),
                table);
        for (CaseResult c : r.cases()) {
            assertTrue(table.contains(c.name()), c.name());
        }
        assertTrue(table.endsWith("16 cases: 16 passed, 0 failed\n"));
    }

    @Test
    void filesAreReadFromPaths(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("case.json");
        Files.writeString(f, file("Adam", "{\"lr\": 0.1}", "0.9", ""));
        ReplayReport r = TrajectoryReplay.run(f);
        assertEquals(f.toString(), r.file());
        assertEquals(1, r.cases().size());
        Path missing = dir.resolve("missing.json");
        TrajectoryFileException e = assertThrows(TrajectoryFileException.class, () -> TrajectoryReplay.run(missing));
        assertEquals(missing + ": cannot read the file: no such file or directory", e.getMessage());
    }

    @Test
    void anUnknownOptimizerIsNamedWithTheKnownOnes() {
        assertEquals("t.json: open_loop[0] (one).optimizer: unknown optimizer 'Adagradd' (known: "
                        + String.join(", ", OptimizerRegistry.names()) + ")",
                error(file("Adagradd", "{\"lr\": 0.1}", "0.95", "")));
        assertTrue(error(file("adamw", "{\"lr\": 0.1}", "0.95", "")).contains("unknown optimizer 'adamw'"),
                "a replay file spells PyTorch's class name exactly");
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() {
        String m = error("{\"open_loop\": [");
        assertTrue(m.startsWith("t.json: not valid JSON at line 1, column "), m);
        assertEquals("t.json: the file is empty", error(""));
    }

    @Test
    void schemaViolationsSayWhatAndWhere() throws Exception {
        String plain = file("SGD", "{\"lr\": 0.1}", "0.95", "");
        assertEquals("t.json: open_loop[0] (one): missing field 'grads'",
                error(plain.replace("\"grads\": [[0.5, -0.5]], ", "")));
        assertEquals("t.json: open_loop[0] (one): unknown field 'grad' (expected expected_after_each_step, final_group, final_state, "
                + "grads, hessian_grads, name, optimizer, options, shape, theta0)", error(plain.replace("\"theta0\"", "\"grad\": 1, \"theta0\"")));
        assertEquals("t.json: open_loop[0] (one).expected_after_each_step[0]: expected 2 numbers, got 1",
                error(file("SGD", "{\"lr\": 0.1}", "0.95", "").replace(", 2.05]", "]")));
        assertEquals("t.json: open_loop[0] (one).options: unknown option 'momentun' for SGD (known: dampening, lr, "
                        + "maximize, momentum, nesterov, weight_decay)",
                error(file("SGD", "{\"lr\": 0.1, \"momentun\": 0.9}", "0.95", "")));
        assertEquals("t.json: open_loop[0] (one).options: Invalid learning rate: -0.1 (must be >= 0)",
                error(file("SGD", "{\"lr\": -0.1}", "0.95", "")));
        assertEquals("t.json: open_loop[0] (one).options: SGD needs option 'lr' (PyTorch 1.13 has no default for it)",
                error(file("SGD", "{}", "0.95", "")));
        assertFalse(run(file("SGD", "{\"lr\": 0.1, \"momentum\": 0.9}", "0.95",
                ", \"final_state\": {\"velocity\": [0, 0]}")).passed(), "a state entry SGD does not keep fails the case");
        assertEquals("t.json: no cases: expected open_loop, closed_loop or param_groups entries", error("{}"));
        assertEquals("t.json: expected an object, got an array", error("[1, 2]"));
    }

    @Test
    void closedLoopNeedsAKnownFunction() {
        String json = """
                {"closed_loop": [{"name": "c", "optimizer": "Adam", "options": {}, "function": "himmelblau(x,y)",
                  "start": [0, 0], "steps": 0, "loss_before_each_step": [], "expected_after_each_step": []}]}
                """;
        assertEquals("t.json: closed_loop[0] (c).function: unknown function 'himmelblau(x,y)' (known: "
                + "rosenbrock(x,y)=(1-x)^2+100(y-x^2)^2)", error(json));
    }
}
