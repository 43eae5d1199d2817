package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.optim.engine.Trace;
import dev.jgrad.optim.schedule.StepLR;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Groups, skipping, zeroGrad, traces and the float32 path of the optimizer base. */
class OptimizerTest {

    private static Tensor param(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    private static void grad(Tensor p, double... g) {
        p.setGrad(Tensor.of(g, g.length));
    }

    @Test
    void zeroGradSetsGradientsToNull() {
        Tensor a = param(1, 2), b = param(3);
        SGD opt = new SGD(List.of(a, b), SgdOptions.of(0.1));
        grad(a, 1, 1);
        grad(b, 1);
        opt.zeroGrad();
        assertNull(a.grad());
        assertNull(b.grad());
    }

    @Test
    void aParameterWithoutGradientIsSkippedAndItsStepCountDoesNotAdvance() {
        Tensor a = param(1, 2), b = param(3, 4);
        AdamW opt = new AdamW(List.of(a, b), AdamOptions.adamWDefaults().withWeightDecay(0.5).withLr(0.1));
        grad(a, 1, 1);
        grad(b, 1, 1);
        opt.step();
        double[] bBefore = b.toDoubleArray();
        b.setGrad(null);
        opt.step();
        opt.step();
        assertArrayEquals(bBefore, b.toDoubleArray(), "no decay, no update without a gradient");
        assertEquals(3, opt.state(a).orElseThrow().get("step"));
        assertEquals(1, opt.state(b).orElseThrow().get("step"));
        Tensor never = param(5);
        opt.addParamGroup(List.of(never));
        opt.step();
        assertTrue(opt.state(never).isEmpty());
        assertArrayEquals(new double[] {5}, never.toDoubleArray());
    }

    @Test
    void theSameTensorInTwoGroupsIsRejected() {
        Tensor a = param(1), b = param(2);
        SGD opt = new SGD(List.of(a), SgdOptions.of(0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(List.of(b, a)));
        assertEquals("some parameters appear in more than one parameter group: parameter 1 of the new group (shape [1]) "
                + "is already parameter 0 of group 0", e.getMessage());
        assertEquals(1, opt.paramGroups().size());
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(a, a)));
        assertThrows(IllegalArgumentException.class, () -> new Adam(AdamOptions.defaults(),
                List.of(new ParamGroup<>(List.of(a), AdamOptions.defaults()),
                        new ParamGroup<>(List.of(b, a), AdamOptions.defaults()))));
    }

    @Test
    void emptyAndNonLeafParameterListsAreRejected() {
        assertEquals("optimizer got an empty parameter list",
                assertThrows(IllegalArgumentException.class, () -> new Adam(List.of())).getMessage());
        Tensor x = param(1, 2);
        Tensor y = x.mul(2.0);
        assertEquals("can't optimize a non-leaf Tensor (parameter 0, made by 'mul')",
                assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(y))).getMessage());
    }

    @Test
    void addParamGroupUsesTheDefaultsAndGroupsKeepTheirOwnOptions() {
        Tensor a = param(1), b = param(1);
        SgdOptions defaults = SgdOptions.of(0.5);
        SGD opt = new SGD(defaults, List.of(new ParamGroup<>(List.of(a), SgdOptions.of(0.1))));
        opt.addParamGroup(List.of(b));
        grad(a, 1);
        grad(b, 1);
        opt.step();
        assertEquals(0.9, a.toDoubleArray()[0], 1e-16);
        assertEquals(0.5, b.toDoubleArray()[0], 1e-16);
        opt.paramGroups().get(1).setLr(0.25);
        opt.step();
        assertEquals(0.25, b.toDoubleArray()[0], 1e-16);
        assertThrows(UnsupportedOperationException.class, () -> opt.paramGroups().remove(0));
    }

    /** SGD computes a float32 parameter's update in double and rounds θ once (Adam works in float32: Float32AdamTest). */
    @Test
    void sgdUpdatesFloat32ParametersInDoubleAndRoundsOnce() {
        double[] theta = {0.1, -0.7, 3.3};
        double[] g = {0.3, 0.01, -2};
        Tensor p32 = Tensor.of(theta, DType.FLOAT32, 3).requiresGrad(true);
        Tensor p64 = Tensor.of(p32.toDoubleArray(), 3).requiresGrad(true);
        SgdOptions o = SgdOptions.of(0.1).withMomentum(0.9).withWeightDecay(0.01);
        SGD s32 = new SGD(List.of(p32), o);
        SGD s64 = new SGD(List.of(p64), o);
        for (int t = 0; t < 2; t++) {
            p32.setGrad(Tensor.of(g, DType.FLOAT32, 3));
            p64.setGrad(Tensor.of(p32.grad().toDoubleArray(), 3));
            s32.step();
            s64.step();
            if (t == 0) {
                // the second step starts both from the same float32 θ, so it again rounds only once
                Autograd.noGrad(() -> p64.copyFrom(Tensor.of(p32.toDoubleArray(), 3)));
            }
        }
        assertEquals(DType.FLOAT32, p32.dtype());
        float[] expected = new float[3];
        double[] v64 = p64.toDoubleArray();
        for (int i = 0; i < 3; i++) {
            expected[i] = (float) v64[i];
        }
        assertArrayEquals(expected, p32.toFloatArray());
    }

    @Test
    void adamTraceShowsTheBoxQuantitiesAndCostsNothingWhenOff() {
        Tensor p = param(1.0, -2.0);
        AdamW opt = new AdamW(List.of(p), AdamOptions.adamWDefaults().withLr(0.1).withWeightDecay(0.5));
        List<Trace.Row> rows = new ArrayList<>();
        opt.trace(rows::add);
        grad(p, 0.25, -4);
        opt.step();
        assertEquals(3, rows.size());                // the parameter's row (t), then one per element
        assertEquals(-1, rows.get(0).index());
        assertEquals(1, rows.get(0).get("t"));
        Trace.Row r = rows.get(2);
        assertEquals(1, r.index());
        assertEquals(List.of("g", "m", "v", "mHat", "vHat", "denom", "update", "theta"), List.copyOf(r.values().keySet()));
        assertEquals(-4, r.get("g"));
        assertEquals(-4, r.get("mHat"), 1e-15);      // bias correction makes m̂₁ = g
        assertEquals(16, r.get("vHat"), 1e-13);      // and v̂₁ = g²
        assertEquals(p.toDoubleArray()[1], r.get("theta"));
        opt.trace(null);
        opt.step();
        assertEquals(3, rows.size());
    }

    @Test
    void sgdTraceShowsGradientBufferAndDirection() {
        Tensor p = param(1.0);
        SGD opt = new SGD(List.of(p), SgdOptions.of(0.1).withMomentum(0.5).withNesterov(true));
        List<Trace.Row> rows = new ArrayList<>();
        opt.trace(rows::add);
        grad(p, 2);
        opt.step();
        Trace.Row r = rows.get(0);
        assertEquals(2, r.get("g"));
        assertEquals(2, r.get("b"));
        assertEquals(3, r.get("d")); // g + μb
        assertEquals(0.7, r.get("theta"), 1e-16);
    }

    /** The paper's AdamW decays by η_t·λ: with zero gradients, θ shrinks by (1 − η_tλ), η_t = lr / initial lr. */
    @Test
    void paperModeDecayFollowsTheScheduleMultiplierNotTheLearningRate() {
        Tensor p = param(1.0);
        AdamW opt = new AdamW(List.of(p), AdamOptions.adamWDefaults().withLr(0.01).withWeightDecay(0.1),
                WeightDecay.DECOUPLED_SCHEDULE_ONLY);
        var schedule = new StepLR(opt, 1, 0.5); // η_t = 1, 0.5, 0.25
        double expected = 1.0;
        for (int t = 0; t < 3; t++) {
            double eta = Math.pow(0.5, t);
            grad(p, 0);
            opt.step();
            expected = expected * (1 - eta * 0.1);
            assertEquals(expected, p.toDoubleArray()[0], 1e-15, "step " + t);
            schedule.step();
        }
        Tensor q = param(1.0);
        AdamW pytorch = new AdamW(List.of(q), AdamOptions.adamWDefaults().withLr(0.01).withWeightDecay(0.1));
        grad(q, 0);
        pytorch.step();
        assertEquals(1 - 0.01 * 0.1, q.toDoubleArray()[0], 0.0, "PyTorch's form decays by lr·λ");
    }
}
