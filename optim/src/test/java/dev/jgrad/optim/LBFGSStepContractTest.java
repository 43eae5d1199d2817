package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What L-BFGS's {@code step(closure)} promises around the algorithm: the step hooks run around it, one group
 * only (also after {@code addParamGroup}), {@code func_evals} and {@code n_iter} count what happened, and a
 * point that is already optimal is left where it is.
 */
class LBFGSStepContractTest {

    /** f(θ) = Σ (θᵢ − cᵢ)², evaluated by a closure that logs each call. */
    private static Optimizer.Closure closure(LBFGS opt, Tensor theta, double[] c, List<String> log) {
        return () -> {
            log.add("closure");
            opt.zeroGrad();
            Tensor loss = theta.sub(Tensor.of(c, c.length)).pow(2).sum();
            loss.backward();
            return loss.item();
        };
    }

    @Test
    void theStepHooksRunOnceBeforeTheFirstAndAfterTheLastEvaluation() {
        Tensor theta = Tensor.of(new double[] {3, -1}, 2).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(theta), LBFGS.Options.DEFAULTS);
        List<String> log = new ArrayList<>();
        opt.registerStepPreHook(o -> log.add("pre"));
        opt.registerStepPostHook(o -> log.add("post"));
        opt.step(closure(opt, theta, new double[] {1, 2}, log));
        assertTrue(log.size() >= 4, log.toString());
        assertEquals("pre", log.get(0));
        assertEquals("post", log.get(log.size() - 1));
        assertEquals(List.of("pre", "post"), log.stream().filter(s -> !s.equals("closure")).toList());
        assertTrue(opt.requiresClosure(), "L-BFGS says it needs a closure");
        assertThrows(IllegalStateException.class, opt::step);
    }

    @Test
    void aSecondGroupAddedLaterIsRefusedAtTheStep() {
        Tensor a = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {4}, 1).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(a), LBFGS.Options.DEFAULTS);
        opt.addParamGroup(List.of(b));
        List<String> log = new ArrayList<>();
        var e = assertThrows(IllegalArgumentException.class, () -> opt.step(closure(opt, a, new double[] {1}, log)));
        assertEquals("LBFGS doesn't support per-parameter options (parameter groups)", e.getMessage());
        assertEquals(List.of(), log, "refused before any evaluation");
        assertArrayEquals(new double[] {3}, a.toDoubleArray(), 0);
    }

    /** func_evals counts every closure call; a step returns the loss of its first evaluation. */
    @Test
    void funcEvalsCountsEveryClosureCall() {
        Property.named("L-BFGS: state func_evals == closure calls, the step returns its first loss")
                .forAll(Gens.ints(1, 6), Gens.ints(1, 4), Gens.booleans(), (maxIter, steps, wolfe) -> {
                    Tensor theta = Tensor.of(new double[] {3, -1, 0.5}, 3).requiresGrad(true);
                    double[] c = {1, 2, -2};
                    LBFGS opt = new LBFGS(List.of(theta), new LBFGS.Options(0.5, maxIter, null, 1e-12, 1e-12, 3,
                            wolfe ? LBFGS.LineSearchFn.STRONG_WOLFE : LBFGS.LineSearchFn.NONE));
                    List<String> log = new ArrayList<>();
                    for (int s = 0; s < steps; s++) {
                        double[] before = theta.toDoubleArray();
                        double first = 0;
                        for (int i = 0; i < c.length; i++) {
                            first += (before[i] - c[i]) * (before[i] - c[i]);
                        }
                        double returned = opt.step(closure(opt, theta, c, log));
                        assertEquals(first, returned, 1e-12 * (1 + first), "the loss at the step's start");
                    }
                    ParamState st = opt.state(theta).orElseThrow();
                    assertEquals(log.size(), st.get("func_evals"), 0, "func_evals");
                    assertTrue(st.get("n_iter") >= 1 && st.get("n_iter") <= (double) steps * maxIter,
                            "n_iter " + st.get("n_iter"));
                });
    }

    /** PyTorch's test is max |g| ≤ tolerance_grad: a gradient exactly at the tolerance is optimal. */
    @Test
    void aGradientAtExactlyToleranceGradStopsBeforeMoving() {
        Tensor theta = Tensor.of(new double[] {2, -3}, 2).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(theta), new LBFGS.Options(0.5, 20, null, 0.25, 1e-9, 100,
                LBFGS.LineSearchFn.NONE));
        int[] calls = {0};
        double loss = opt.step(() -> {   // f = 0.25·θ₀ − 0.125·θ₁: |∂f/∂θᵢ| ≤ 0.25, exactly 0.25 at most
            calls[0]++;
            opt.zeroGrad();
            Tensor f = theta.mul(Tensor.of(new double[] {0.25, -0.125}, 2)).sum();
            f.backward();
            return f.item();
        });
        assertEquals(0.25 * 2 + 0.125 * 3, loss, 0, "the first evaluation's loss");
        assertEquals(1, calls[0], "one evaluation, then optimal");
        assertArrayEquals(new double[] {2, -3}, theta.toDoubleArray(), 0);
        assertEquals(1, opt.state(theta).orElseThrow().get("func_evals"), 0);
    }
}
