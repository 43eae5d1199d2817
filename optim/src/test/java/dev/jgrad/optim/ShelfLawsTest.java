package dev.jgrad.optim;

import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Laws of Lion, NAdam and RAdam: the idea of each, plus the public laws every optimizer obeys. */
class ShelfLawsTest {

    /** Lion without decay moves every coordinate by exactly γ (to θ's rounding), whatever the gradient's size. */
    @Test
    void lionMovesEveryCoordinateByTheLearningRate() {
        Property.named("Lion: |Δθ| = γ").forAll(OptimizerLaws.runs(Gens.doublesAvoiding(-10, 10, new double[] {0}, 1e-6)),
                Gens.doubles(1e-4, 0.1), (run, lr) -> {
                    Tensor p = run.param();
                    Lion opt = new Lion(List.of(p), Lion.Options.DEFAULTS.withLr(lr));
                    for (int k = 0; k < run.grads().size(); k++) {
                        double[] before = p.toDoubleArray();
                        p.setGrad(run.grad(k));
                        opt.step();
                        double[] after = p.toDoubleArray();
                        for (int i = 0; i < after.length; i++) {
                            double move = Math.abs(after[i] - before[i]);
                            assertEquals(lr, move, 2 * Math.ulp(Math.max(Math.abs(before[i]), lr)), "step " + (k + 1));
                        }
                    }
                });
        OptimizerLaws.gradientScaleDoesNotMatter("Lion", ps -> new Lion(ps, Lion.Options.DEFAULTS.withLr(0.01)), 8);
        OptimizerLaws.stateDictResumesBitIdentically("Lion", ps -> new Lion(ps, new Lion.Options(0.01, 0.9, 0.99, 0.1, false)));
        OptimizerLaws.nullGradientsChangeNothing("Lion", ps -> new Lion(ps, new Lion.Options(0.01, 0.9, 0.99, 0.1, false)));
    }

    /** NAdam's mu_product is the product of the schedule's μ₁ … μₜ, and zero gradients keep θ still. */
    @Test
    void nadamsMuProductIsTheProductOfItsSchedule() {
        Property.named("NAdam: mu_product = Π μₜ").forAll(OptimizerLaws.runs(), Gens.doubles(0, 0.01), (run, psi) -> {
            Tensor p = run.param();
            NAdam opt = new NAdam(List.of(p), new NAdam.Options(2e-3, 0.9, 0.999, 1e-8, 0, psi));
            double product = 1;
            for (int k = 0; k < run.grads().size(); k++) {
                p.setGrad(run.grad(k));
                opt.step();
                product *= 0.9 * (1. - 0.5 * Math.pow(0.96, (k + 1) * psi));
                assertEquals(product, opt.state(p).orElseThrow().get("mu_product"), 0.0, "step " + (k + 1));
            }
        });
        OptimizerLaws.zeroGradientsKeepThetaStill("NAdam", ps -> new NAdam(ps, NAdam.Options.DEFAULTS));
        OptimizerLaws.stateDictResumesBitIdentically("NAdam", ps -> new NAdam(ps, NAdam.Options.DEFAULTS));
        OptimizerLaws.nullGradientsChangeNothing("NAdam", ps -> new NAdam(ps, NAdam.Options.DEFAULTS));
    }

    /** While ρₜ ≤ 5 (the first five steps for β₂ = 0.999) RAdam is SGD with momentum on m̂: θ ← θ − γ·m̂. */
    @Test
    void radamsFirstStepsAreSgdWithMomentum() {
        Property.named("RAdam: t ≤ 5 is θ − γm̂").forAll(OptimizerLaws.runs(), run -> {
            Tensor p = run.param();
            RAdam opt = new RAdam(List.of(p), RAdam.Options.DEFAULTS.withLr(0.01));
            double[] theta = run.theta0().data().clone(), m = new double[theta.length];
            for (int k = 0; k < Math.min(5, run.grads().size()); k++) {
                p.setGrad(run.grad(k));
                opt.step();
                double[] g = run.grads().get(k);
                for (int i = 0; i < theta.length; i++) {
                    m[i] = Math.fma(1 - 0.9, g[i], 0.9 * m[i]);
                    theta[i] = theta[i] - m[i] / (1 - Math.pow(0.9, k + 1)) * 0.01;
                }
                assertTrue(Arrays.equals(theta, p.toDoubleArray()), "step " + (k + 1));
            }
        });
        OptimizerLaws.stateDictResumesBitIdentically("RAdam", ps -> new RAdam(ps, RAdam.Options.DEFAULTS));
        OptimizerLaws.nullGradientsChangeNothing("RAdam", ps -> new RAdam(ps, RAdam.Options.DEFAULTS));
    }

    /** LAMB's step has norm γ‖θ‖ (the trust ratio's job), whatever the gradients. */
    @Test
    void lambsStepHasNormLrTimesThetaNorm() {
        Property.named("LAMB: ‖Δθ‖ = γ‖θ‖").forAll(OptimizerLaws.runs(Gens.doublesAvoiding(-10, 10, new double[] {0}, 1e-3)),
                Gens.doubles(1e-4, 0.1), (run, lr) -> {
                    Tensor p = run.param();
                    LAMB opt = new LAMB(List.of(p), LAMB.Options.DEFAULTS.withLr(lr));
                    for (int k = 0; k < run.grads().size(); k++) {
                        double[] before = p.toDoubleArray();
                        double norm = Math.sqrt(Arrays.stream(before).map(x -> x * x).sum());
                        p.setGrad(run.grad(k));
                        opt.step();
                        double[] after = p.toDoubleArray();
                        double step = 0;
                        for (int i = 0; i < after.length; i++) {
                            step += (after[i] - before[i]) * (after[i] - before[i]);
                        }
                        if (norm > 0) {
                            assertEquals(lr * norm, Math.sqrt(step), 1e-9 * norm, "step " + (k + 1));
                        }
                    }
                });
        OptimizerLaws.stateDictResumesBitIdentically("LAMB", ps -> new LAMB(ps, new LAMB.Options(0.01, 0.9, 0.999, 1e-6, 0.1)));
        OptimizerLaws.nullGradientsChangeNothing("LAMB", ps -> new LAMB(ps, LAMB.Options.DEFAULTS));
    }
}
