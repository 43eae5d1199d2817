package dev.jgrad.examples.learn;

import dev.jgrad.docs.LineReferences;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.examples.mnist.OptimizerSpec;
import dev.jgrad.optim.AdamOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Keeps docs/errata.md honest: its code quotes are on the lines it links, and its numbers are jgrad's. */
class ErrataTest {

    @Test
    void everyQuotedLineIsWhereTheLinkPoints() {
        int count = LineReferences.check(MarkdownDoc.read("docs/errata.md"));
        assertTrue(count >= 10, "expected the errata to quote the code, found " + count + " quotes");
    }

    @Test
    void theFirstStepTableIsWhatTheTracedQuantitiesGive() {
        double lr = 1, g = 0.37; // any gradient: the ratios do not depend on it
        StepTrace.Row r = StepTrace.run(OptimizerSpec.from("Adam", AdamOptions.defaults().withLr(lr).withEps(0)),
                new StepTrace.Gradients(new double[] {0}, List.of(new double[] {g}))).rows().get(0);
        assertEquals(1, r.update() / lr, 1e-12, "right");
        assertEquals(3.16, r.m() / Math.sqrt(r.v()), 0.005, "no correction");
        assertEquals(31.6, r.mHat() / Math.sqrt(r.v()), 0.05, "m corrected, v not");
        assertEquals(0.1, r.m() / Math.sqrt(r.vHat()), 1e-12, "v corrected, m not");
        double flipped = (1 - 0.9) / Math.sqrt(1 - 0.999);
        assertEquals(10, flipped * r.m() / Math.sqrt(r.v()), 1e-9, "upside-down efficient step size");
    }

    /** Entry 11: RAdam's steps 1 to 5 are momentum steps of size γ·|m̂|; the rectification starts at 0.026 at step 6. */
    @Test
    void radamsFirstStepsAreMomentumStepsThenTheRectificationRampsUp() {
        double lr = 1e-3, g = 100;
        List<double[]> grads = new java.util.ArrayList<>();
        for (int k = 0; k < 1000; k++) grads.add(new double[] {g});
        StepTrace trace = StepTrace.run(OptimizerSpec.of("RAdam").withLr(lr), new StepTrace.Gradients(new double[] {0}, grads));
        assertEquals(-0.1, trace.rows().get(0).theta(), 1e-12, "step 1 moves θ by γ·g");
        List<StepTrace.Row> steps = trace.tensorRows();   // ρₜ and r are the same for every element
        for (int k = 0; k < 5; k++) assertTrue(Double.isNaN(steps.get(k).get("rect")), "step " + (k + 1) + " is not rectified");
        assertEquals(0.026, steps.get(5).get("rect"), 0.0005);
        assertEquals(0.22, steps.get(99).get("rect"), 0.005);
        assertEquals(0.65, steps.get(999).get("rect"), 0.005);
    }
}
