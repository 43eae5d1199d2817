package dev.jgrad.learn;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TraceTableTest {
    private static final StepTrace.Gradients THREE_STEPS = new StepTrace.Gradients(new double[] {1.0},
            List.of(new double[] {0.5}, new double[] {-0.2}, new double[] {0.4}));

    /** Tests run in the module directory; the optimizers' sources are one level up. */
    private static List<String> javadocLines(String source) throws IOException {
        return Files.readAllLines(Path.of("..", "..").resolve(source), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith(" *")).map(l -> l.replaceFirst("^ \\* {0,3}", "").stripTrailing()).toList();
    }

    @Test
    void theBoxesAreTheOptimizersJavadocBoxesVerbatim() throws IOException {
        for (String kind : List.of("SGD", "Adam", "AdamW")) {
            List<String> javadoc = javadocLines(Boxes.source(kind));
            List<String> box = Boxes.of(kind);
            int first = javadoc.indexOf(box.get(0).stripTrailing());
            assertTrue(first >= 0, kind + ": first box line not in " + Boxes.source(kind));
            for (int i = 0; i < box.size(); i++) {
                assertEquals(javadoc.get(first + i), box.get(i).stripTrailing(), kind + " box line " + i);
            }
        }
    }

    @Test
    void adamWTableLabelsEveryColumnWithItsBoxLine() {
        StepTrace trace = StepTrace.run(OptimizerSpec.from("AdamW", AdamOptions.adamWDefaults().withLr(0.1).withWeightDecay(0.1)),
                THREE_STEPS);
        String table = TraceTable.format(trace, new int[] {0}, List.of("θ"), 6);
        List<String> lines = table.lines().toList();
        assertEquals("The algorithm, from the Javadoc of AdamW.java (column headers give the line each number comes from):",
                lines.get(0));
        assertTrue(lines.contains("  (4) m ← β₁m + (1 − β₁)g"), table);
        String header = lines.get(Boxes.of("AdamW").size() + 2);
        for (String col : List.of("t (1)", "g (2)", "m (4)", "v (5)", "m̂ (7)", "v̂ (7)", "√v̂+ε (8)", "decay γλθ (3)",
                "update (8)", "θ (3,8)")) {
            assertTrue(header.contains(col), col + " missing from " + header);
        }
        // First step: g 0.5, m 0.05, v 0.00025, m̂ 0.5, v̂ 0.25, denominator 0.5 (+1e-8), decay 0.01, update 0.1, θ 0.89.
        assertEquals(List.of("1", "0.5", "0.05", "0.00025", "0.5", "0.25", "0.5", "0.01", "0.1", "0.89"),
                List.of(lines.get(Boxes.of("AdamW").size() + 3).trim().split("\\s+")));
        assertEquals(Boxes.of("AdamW").size() + 6, lines.size());
    }

    /** With AMSGrad the table shows v of line (5) and the running maximum of line (6) that the step divides by. */
    @Test
    void amsgradShowsTheRawVAndItsRunningMaximum() {
        StepTrace trace = StepTrace.run(OptimizerSpec.from("Adam", AdamOptions.defaults().withAmsgrad(true)),
                THREE_STEPS);
        List<String> lines = TraceTable.format(trace, new int[] {0}, List.of("θ"), 6).lines().toList();
        String header = lines.get(Boxes.of("Adam").size() + 2);
        assertTrue(header.contains("v (5)") && header.indexOf("v (5)") < header.indexOf("vMax (6)"), header);
        assertTrue(header.contains("√v̂+ε (8)"), header);
        assertTrue(TraceTable.csv(trace, new int[] {0}, List.of("θ")).startsWith("t,element,g,m,v,v_max,m_hat,"));
    }

    /** An optimizer registered without a box: one line says so, and its columns are the names its loop reports. */
    @Test
    void anOptimizerWithoutABoxIsSaidToHaveNone() {
        OptimizerRegistry.register("Boxless", SGD.class, SgdOptions.class,
                SgdOptions.of(0.5), SGD::new);
        try {
            List<String> lines = TraceTable.format(StepTrace.run(OptimizerSpec.of("Boxless"), THREE_STEPS),
                    new int[] {0}, List.of("θ"), 6).lines().toList();
            assertEquals("Boxless declares no algorithm box (OptimizerRegistry.Entry.withBox).", lines.get(0));
            assertEquals(List.of("t", "g", "b", "d", "theta"), List.of(lines.get(2).trim().split("\\s+")));
        } finally {
            OptimizerRegistry.unregister("Boxless");
        }
    }

    @Test
    void columnsLineUpEvenWithCombiningHats() {
        StepTrace trace = StepTrace.run(OptimizerSpec.of("Adam"), THREE_STEPS);
        List<String> table = TraceTable.format(trace, new int[] {0}, List.of("θ"), 6).lines().toList();
        List<String> rows = table.subList(Boxes.of("Adam").size() + 2, table.size());
        int width = TraceTable.displayWidth(rows.get(0));
        for (String row : rows) {
            assertEquals(width, TraceTable.displayWidth(row), row);
        }
    }

    @Test
    void sgdTableShowsTheBufferOnlyWithMomentumAndNumbersItsOwnBox() {
        StepTrace plain = StepTrace.run(OptimizerSpec.from("SGD", SgdOptions.of(0.1)), THREE_STEPS);
        String a = TraceTable.format(plain, new int[] {0}, List.of("θ"), 6);
        assertTrue(a.contains("Javadoc of SGD.java") && a.contains("  (7) θ ← θ − γd"), a);
        assertFalse(a.contains("b (4,5)"), a);
        assertTrue(a.contains("d (3,6)") && a.contains("update γd (7)") && a.contains("decay λθ (2)"), a);
        StepTrace momentum = StepTrace.run(OptimizerSpec.from("SGD", SgdOptions.of(0.1).withMomentum(0.9)), THREE_STEPS);
        assertTrue(TraceTable.format(momentum, new int[] {0}, List.of("θ"), 6).contains("b (4,5)"));
    }

    @Test
    void elementColumnAppearsWithSeveralElements() {
        StepTrace trace = StepTrace.run(OptimizerSpec.of("Adam"),
                new StepTrace.OnSurface(Surface.QUADRATIC, new double[] {1, 1}, 2));
        List<String> lines = TraceTable.format(trace, new int[] {0, 1}, List.of("x", "y"), 4).lines().toList();
        List<String> rows = lines.subList(Boxes.of("Adam").size() + 2, lines.size());
        assertTrue(rows.get(0).contains("element"));
        assertEquals(List.of("x", "y", "x", "y"), rows.subList(1, 5).stream().map(r -> r.trim().split("\\s+")[1]).toList());
    }

    @Test
    void csvHasOneRowPerStepAndElementAtFullPrecision() {
        StepTrace trace = StepTrace.run(OptimizerSpec.from("SGD", SgdOptions.of(0.1)),
                new StepTrace.OnSurface(Surface.ROSENBROCK, new double[] {-1.2, 1}, 3));
        List<String> csv = TraceTable.csv(trace, new int[] {1}, List.of("x", "y")).lines().toList();
        assertEquals("t,element,g,d,decay,update,theta", csv.get(0));
        assertEquals(4, csv.size());
        String[] first = csv.get(1).split(",", -1);
        assertEquals("1", first[0]);
        assertEquals("y", first[1]);
        StepTrace.Row row = trace.rows(new int[] {1}).get(0);
        assertEquals(row.g(), Double.parseDouble(first[2]), 0.0);
        assertEquals(row.theta(), Double.parseDouble(first[6]), 0.0);
        assertEquals("0", first[4], "no decay is written 0, not -0.0");
    }

    @Test
    void numbersAreRoundedToSignificantDigits() {
        assertEquals("0.5", TraceTable.number(0.50000001, 6));
        assertEquals("0.50000001", TraceTable.number(0.50000001, 9));
        assertEquals("1.23457e-05", TraceTable.number(1.234567e-5, 6));
        assertEquals("-215.6", TraceTable.number(-215.59999999999997, 6));
        assertEquals("–", TraceTable.number(null, 6), "not reported");
        assertEquals("nan", TraceTable.number(Double.NaN, 6), "a real NaN");
        assertEquals("0", TraceTable.number(-0.0, 6));
        assertEquals("1.5e+07", TraceTable.number(1.5e7, 6));
    }
}
