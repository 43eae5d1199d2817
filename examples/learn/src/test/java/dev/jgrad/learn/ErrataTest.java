package dev.jgrad.learn;

import dev.jgrad.docs.LineReferences;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.LAMB;
import dev.jgrad.optim.NAdam;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
        List<double[]> grads = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            grads.add(new double[] {g});
        }
        StepTrace trace = StepTrace.run(OptimizerSpec.of("RAdam").withLr(lr), new StepTrace.Gradients(new double[] {0}, grads));
        assertEquals(-0.1, trace.rows().get(0).theta(), 1e-12, "step 1 moves θ by γ·g");
        List<StepTrace.Row> steps = trace.tensorRows();   // ρₜ and r are the same for every element
        for (int k = 0; k < 5; k++) {
            assertTrue(Double.isNaN(steps.get(k).get("rect")), "step " + (k + 1) + " is not rectified");
        }
        assertEquals(0.026, steps.get(5).get("rect"), 0.0005);
        assertEquals(0.22, steps.get(99).get("rect"), 0.005);
        assertEquals(0.65, steps.get(999).get("rect"), 0.005);
    }

    /** Entry 1: v's bias correction still scales the step by 1.26 at t = 1000, and by 1.0034 at t = 5000. */
    @Test
    void biasCorrectionLastsAFewThousandSteps() {
        List<double[]> grads = new ArrayList<>();
        for (int k = 0; k < 5000; k++) {
            grads.add(new double[] {0.37});
        }
        List<StepTrace.Row> rows = StepTrace.run(OptimizerSpec.from("Adam", AdamOptions.defaults()),
                new StepTrace.Gradients(new double[] {0}, grads)).rows();
        StepTrace.Row at1000 = rows.get(999), at5000 = rows.get(4999);
        assertEquals(1000, at1000.t());
        assertEquals(1.26, Math.sqrt(at1000.vHat() / at1000.v()), 0.005);
        assertEquals(1.0034, Math.sqrt(at5000.vHat() / at5000.v()), 0.00005);
        assertEquals(1, at1000.mHat() / at1000.m(), 1e-12, "m's correction is long gone");
    }

    /** Entry 10: PyTorch 1.13's extra μₜ makes NAdam's first momentum term smaller than the paper's, 0.495 vs 0.565. */
    @Test
    void nadamsMomentumTermIsSmallerThanThePapers() {
        Tensor theta = Tensor.of(new double[] {0}, 1).requiresGrad(true);
        NAdam nadam = new NAdam(List.of(theta), new NAdam.Options(1, 0.9, 0.999, 0, 0, 4e-3));   // lr 1, ε 0
        theta.setGrad(Tensor.of(new double[] {0.37}, 1));
        nadam.step();
        // θ₁ = −(1 + c·(1 − β₁)): the gradient term is exactly γ·g/|g|, m₁ = (1 − β₁)g, c the momentum term's factor
        double c = (-theta.toDoubleArray()[0] - 1) / 0.1;
        assertEquals(0.495, c, 0.0005, "PyTorch 1.13, jgrad");
        double mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004)), mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
        assertEquals(c, mu2 / (1 - mu1 * mu1 * mu2), 1e-7, "μ₂/(1 − μ₁²μ₂)");
        assertEquals(0.565, mu2 / (1 - mu1 * mu2), 0.0005, "the paper's μ₂/(1 − μ₁μ₂)");
    }

    /** Entry 12: a LAMB tensor at zero gets trust ratio 1 and moves by γ‖u‖ = γ√n on its first step. */
    @Test
    void lambMovesATensorThatStartsAtZero() {
        double lr = 0.01;
        Tensor bias = Tensor.of(new double[3], 3).requiresGrad(true);
        LAMB lamb = new LAMB(List.of(bias), LAMB.Options.DEFAULTS.withLr(lr));
        bias.setGrad(Tensor.of(new double[] {0.3, -2, 5}, 3));
        lamb.step();
        double[] after = bias.toDoubleArray();
        double norm = Math.sqrt(after[0] * after[0] + after[1] * after[1] + after[2] * after[2]);
        assertEquals(lr * Math.sqrt(3), norm, 1e-5 * lr, "‖Δθ‖ = γ√3, not 0");
    }

    /** Entry 14: AMSGrad keeps the max of the raw v and divides by today's correction: with g = 1, 0 the step is √2 the box's. */
    @Test
    void amsgradTakesTheMaximumOfTheRawSecondMoment() {
        Tensor theta = Tensor.of(new double[] {0}, 1).requiresGrad(true);
        Adam adam = new Adam(List.of(theta), AdamOptions.defaults().withLr(1).withEps(0).withAmsgrad(true));
        double[] after = new double[2];
        for (int t = 0; t < 2; t++) {
            theta.setGrad(Tensor.of(new double[] {t == 0 ? 1 : 0}, 1));
            adam.step();
            after[t] = theta.toDoubleArray()[0];
        }
        assertEquals(0.001, adam.state(theta).orElseThrow().values("max_exp_avg_sq")[0], 1e-18, "v₁, raw");
        double mHat2 = 0.9 * 0.1 / (1 - 0.9 * 0.9), codeDenominator = Math.sqrt(0.001 / (1 - 0.999 * 0.999));
        assertEquals(0.707, codeDenominator, 0.0005);
        assertEquals(-mHat2 / codeDenominator, after[1] - after[0], 1e-12, "the code's step");
        assertEquals(Math.sqrt(2), (after[0] - after[1]) / mHat2, 0.001, "against the box's max(v̂) = 1: √2 larger");
    }
}
