package dev.jgrad.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.kernel.Kernels;
import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.optim.engine.Trace;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adam and AdamW on float32 parameters: float32 state, updated in float32 as PyTorch does. Checked
 * against trajectories PyTorch 1.13 computed in float32 ({@code /float32/adam-float32.json}, recorded
 * by {@code record_adam_float32.py} next to it), with both kernel modes.
 */
class Float32AdamTest {

    @Test
    void matchesPyTorchFloat32TrajectoriesBitForBit() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/float32/adam-float32.json")) {
            assertNotNull(in, "test resource /float32/adam-float32.json");
            root = new ObjectMapper().readTree(in);
        }
        assertTrue(root.get("cases").size() >= 14, "cases in the file");
        Kernels.Mode before = Kernels.mode();
        try {
            for (Kernels.Mode mode : Kernels.Mode.values()) {
                Kernels.setMode(mode);
                for (JsonNode c : root.get("cases")) {
                    replay(c, mode);
                }
            }
        } finally {
            Kernels.setMode(before);
        }
    }

    private static void replay(JsonNode c, Kernels.Mode mode) {
        String name = c.get("name").asText() + " (" + mode + ")";
        float[] theta0 = floats(c.get("theta0"));
        Tensor theta = Tensor.of(theta0, theta0.length).requiresGrad(true);
        Optimizer<?> opt = optimizer(c.get("optimizer").asText(), c.get("options"), List.of(theta));
        JsonNode grads = c.get("grads"), expected = c.get("expected_after_each_step");
        assertEquals(grads.size(), expected.size(), name);
        for (int t = 0; t < grads.size(); t++) {
            float[] g = floats(grads.get(t));
            theta.setGrad(Tensor.of(g, g.length));
            opt.step();
            float[] want = floats(expected.get(t)), got = values(theta);
            for (int i = 0; i < want.length; i++) {
                assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]),
                        name + ", step " + (t + 1) + ", element " + i + ": PyTorch " + want[i] + ", jgrad " + got[i]);
            }
        }
        ParamState s = opt.state(theta).orElseThrow();
        assertEquals(DType.FLOAT32, s.dtype(), name + ": state dtype");
    }

    /** float32 rounding of every line stays within float32 precision of the float64 loop on the same start. */
    @Test
    void staysCloseToTheFloat64Update() {
        int n = 1000;
        float[] start = new float[n];
        double[] start64 = new double[n];
        Generator gen = new Generator(11);
        for (int i = 0; i < n; i++) {
            start64[i] = start[i] = (float) gen.nextGaussian();
        }
        Tensor p32 = Tensor.of(start, n).requiresGrad(true), p64 = Tensor.of(start64, n).requiresGrad(true);
        AdamW a32 = new AdamW(List.of(p32)), a64 = new AdamW(List.of(p64));
        for (int t = 0; t < 20; t++) {
            float[] g = new float[n];
            double[] g64 = new double[n];
            for (int i = 0; i < n; i++) {
                g64[i] = g[i] = (float) (gen.nextGaussian() * (i % 7 + 1));
            }
            p32.setGrad(Tensor.of(g, n));
            p64.setGrad(Tensor.of(g64, n));
            a32.step();
            a64.step();
        }
        float[] x = values(p32);
        double[] y = new double[n];
        p64.copyTo(y);
        for (int i = 0; i < n; i++) {
            // 20 steps of about 1e-3 each, each with a few float roundings of θ ≈ 1.
            assertEquals(y[i], x[i], 1e-6 * (1 + Math.abs(y[i])), "element " + i);
        }
    }

    @Test
    void float32StateSavesAndLoadsToTheSameBits() {
        Tensor p = Tensor.of(new float[] {1f, -2f, 3f}, 3).requiresGrad(true);
        AdamW opt = new AdamW(List.of(p), AdamOptions.adamWDefaults().withAmsgrad(true));
        p.setGrad(Tensor.of(new float[] {0.1f, 0.2f, -0.3f}, 3));
        opt.step();
        OptimizerState saved = opt.stateDict();
        ParamState s = saved.groups().get(0).params().get(0).state();
        assertEquals(DType.FLOAT32, s.dtype());
        for (double m : s.values("exp_avg")) {
            assertEquals((float) m, m, 0.0, "a float32 state holds floats");
        }

        Tensor q = Tensor.of(new float[] {1f, -2f, 3f}, 3).requiresGrad(true);
        AdamW copy = new AdamW(List.of(q), AdamOptions.adamWDefaults().withAmsgrad(true));
        copy.loadStateDict(StateFiles.fromJson(StateFiles.toJson(saved), OptimizerState.class));
        Autograd.noGrad(() -> q.copyFrom(p));
        p.setGrad(Tensor.of(new float[] {0.5f, -0.5f, 0.25f}, 3));
        q.setGrad(Tensor.of(new float[] {0.5f, -0.5f, 0.25f}, 3));
        opt.step();
        copy.step();
        assertArrayEquals(values(p), values(q));
    }

    /** PyTorch casts loaded state to the parameter's dtype; so does jgrad (a float64 state into a float32 parameter). */
    @Test
    void loadedStateTakesTheParameterDtype() {
        Tensor p = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        AdamW opt = new AdamW(List.of(p));
        p.setGrad(Tensor.of(new float[] {0.5f, 0.5f}, 2));
        opt.step();
        OptimizerState saved = opt.stateDict();
        ParamState s = saved.groups().get(0).params().get(0).state();
        ParamState as64 = s.castTo(DType.FLOAT64);
        OptimizerState widened = new OptimizerState(saved.optimizer(), saved.weightDecay(),
                List.of(new OptimizerState.Group(saved.groups().get(0).options(), null,
                        List.of(new OptimizerState.Param(new int[] {2}, as64)))));
        opt.loadStateDict(widened);
        assertEquals(DType.FLOAT32, opt.state(p).orElseThrow().dtype());
        assertArrayEquals(s.values("exp_avg"), opt.state(p).orElseThrow().values("exp_avg"));
    }

    /** A float64 gradient on a float32 parameter (accumulateGrad does not check) is converted, not a crash. */
    @Test
    void aFloat64GradientOnAFloat32ParameterIsConverted() {
        Tensor p = Tensor.of(new float[] {1f, -2f, 3f}, 3).requiresGrad(true);
        Tensor q = Tensor.of(new float[] {1f, -2f, 3f}, 3).requiresGrad(true);
        AdamW a = new AdamW(List.of(p)), b = new AdamW(List.of(q));
        p.accumulateGrad(Tensor.of(new double[] {0.5, -0.25, 0.125}, 3));
        q.setGrad(Tensor.of(new float[] {0.5f, -0.25f, 0.125f}, 3));
        a.step();
        b.step();
        assertArrayEquals(values(q), values(p));
        assertEquals(DType.FLOAT32, a.state(p).orElseThrow().dtype());
    }

    /** AMSGrad switched on after some steps starts vMax at 0 for float32 state too, so vMax = v at once. */
    @Test
    void amsgradSwitchedOnMidTrainingWithFloat32State() {
        Tensor p = Tensor.of(new float[] {1f, -2f, 3f, 0.5f}, 4).requiresGrad(true);
        AdamW opt = new AdamW(List.of(p));
        float[][] grads = {{0.1f, 0.2f, -0.3f, 1f}, {0.4f, -0.1f, 0.2f, -1f}, {-0.2f, 0.3f, 0.1f, 0.5f}};
        for (int t = 0; t < 2; t++) {
            p.setGrad(Tensor.of(grads[t], 4));
            opt.step();
        }
        assertFalse(opt.state(p).orElseThrow().has("max_exp_avg_sq"));
        opt.paramGroups().get(0).setOptions(opt.paramGroups().get(0).options().withAmsgrad(true));
        p.setGrad(Tensor.of(grads[2], 4));
        opt.step();
        ParamState s = opt.state(p).orElseThrow();
        assertArrayEquals(s.values("exp_avg_sq"), s.values("max_exp_avg_sq"));
        assertEquals(3, s.get("step"));
    }

    /**
     * A traced float32 step runs the scalar float32 loop, an untraced one the Vector API path (when the module is
     * present): θ, the trace and the state agree bit for bit, for lengths with and without a vector tail and for
     * gradients whose squares are subnormal.
     */
    @Test
    void float32TracesEqualTheFloat32LoopBitForBit() {
        Property.named("traced float32 AdamW = untraced").tries(40)
                .forAll(Gens.ints(1, 70), Gens.ints(0, 1 << 20), (n, seed) -> {
                    var gen = new Generator(seed);
                    float[] theta0 = new float[n];
                    for (int i = 0; i < n; i++) {
                        theta0[i] = (float) gen.nextGaussian();
                    }
                    Tensor traced = Tensor.of(theta0.clone(), n).requiresGrad(true);
                    Tensor plain = Tensor.of(theta0.clone(), n).requiresGrad(true);
                    AdamW a = new AdamW(List.of(traced)), b = new AdamW(List.of(plain));
                    List<Trace.Row> rows = new ArrayList<>();
                    a.trace(rows::add);
                    double[] scales = {0.1, 1, 1e-20, 0, 10};   // 1e-20: g² and v are subnormal floats
                    for (int step = 0; step < scales.length; step++) {
                        float[] g = new float[n];
                        for (int i = 0; i < n; i++) {
                            g[i] = (float) (gen.nextGaussian() * scales[step]);
                        }
                        traced.setGrad(Tensor.of(g.clone(), n));
                        plain.setGrad(Tensor.of(g.clone(), n));
                        rows.clear();
                        a.step();
                        b.step();
                        float[] got = plain.toFloatArray(), seen = traced.toFloatArray();
                        for (int i = 0; i < n; i++) {
                            assertEquals(Float.floatToIntBits(got[i]), Float.floatToIntBits(seen[i]), "θ[" + i + "]");
                            Trace.Row row = rows.get(i + 1);   // row 0 is the parameter's own (t)
                            assertEquals(i, row.index());
                            assertEquals(Float.floatToIntBits(got[i]), Float.floatToIntBits((float) row.get("theta")),
                                    "traced θ[" + i + "]");
                        }
                        assertEquals(step + 1, rows.get(0).get("t"));
                    }
                    assertEquals(b.state(plain).orElseThrow(), a.state(traced).orElseThrow());
                });
    }

    private static Optimizer<?> optimizer(String kind, JsonNode o, List<Tensor> params) {
        AdamOptions opts = kind.equals("AdamW") ? AdamOptions.adamWDefaults() : AdamOptions.defaults();
        if (o.has("lr")) {
            opts = opts.withLr(o.get("lr").asDouble());
        }
        if (o.has("betas")) {
            opts = opts.withBetas(o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble());
        }
        if (o.has("eps")) {
            opts = opts.withEps(o.get("eps").asDouble());
        }
        if (o.has("weight_decay")) {
            opts = opts.withWeightDecay(o.get("weight_decay").asDouble());
        }
        if (o.has("amsgrad")) {
            opts = opts.withAmsgrad(o.get("amsgrad").asBoolean());
        }
        if (o.has("maximize")) {
            opts = opts.withMaximize(o.get("maximize").asBoolean());
        }
        return kind.equals("AdamW") ? new AdamW(params, opts) : new Adam(params, opts);
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            double d = a.get(i).asDouble();
            f[i] = (float) d;
            assertEquals(d, f[i], 0.0, "the file holds float32 values");
        }
        return f;
    }

    private static float[] values(Tensor t) {
        double[] d = new double[t.numel()];
        t.copyTo(d);
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
