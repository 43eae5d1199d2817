package dev.jgrad.optim;

import dev.jgrad.optim.engine.Trace;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdafactorLawsTest {

    /**
     * For rank-1 gradients g = s·a·bᵀ the factored estimate is exact: R·Cᵀ / mean(R) equals the running mean of g²
     * that Adam would keep element by element (to rounding).
     */
    @Test
    void onARank1GradientStreamTheFactoredSecondMomentIsExact() {
        Property.named("Adafactor: rank-1 gradients, v̂ = R·Cᵀ/mean(R) = EMA of g²").tries(40)
                .forAll(Gens.ints(1, 5), Gens.ints(1, 5), Gens.ints(0, 1 << 20), (n, p, seed) -> {
                    var gen = new dev.jgrad.tensor.Generator(seed);
                    double[] a = new double[n], b = new double[p];
                    for (int i = 0; i < n; i++) a[i] = 0.5 + Math.abs(gen.nextGaussian());
                    for (int j = 0; j < p; j++) b[j] = 0.5 + Math.abs(gen.nextGaussian());
                    Tensor theta = Tensor.of(new double[n * p], n, p).requiresGrad(true);
                    Adafactor opt = new Adafactor(List.of(theta), Adafactor.Options.DEFAULTS);
                    double[] ema = new double[n * p];
                    for (int t = 1; t <= 6; t++) {
                        double s = gen.nextGaussian();
                        double[] g = new double[n * p];
                        for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) g[i * p + j] = s * a[i] * b[j];
                        double w = Math.pow(t, -0.8);
                        for (int k = 0; k < g.length; k++) ema[k] = ema[k] + w * (g[k] * g[k] - ema[k]);
                        theta.setGrad(Tensor.of(g, n, p));
                        opt.step();
                    }
                    ParamState st = opt.state(theta).orElseThrow();
                    double[] r = st.values("row_var"), c = st.values("col_var");
                    double mean = java.util.Arrays.stream(r).sum() / n;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < p; j++) {
                            double vHat = r[i] * c[j] / mean, want = ema[i * p + j];
                            assertEquals(want, vHat, 1e-12 * want, "v̂[" + i + "," + j + "]");
                        }
                    }
                });
    }

    /** The update's RMS, after clipping, is at most d, whatever the gradients' scale. */
    @Test
    void theClippedUpdateHasRmsAtMostD() {
        Property.named("Adafactor: RMS(u)/clip <= d").tries(40)
                .forAll(Gens.ints(1, 6), Gens.doubles(1, 3), Gens.ints(0, 1 << 20), (len, d, seed) -> {
                    var gen = new dev.jgrad.tensor.Generator(seed);
                    Tensor theta = Tensor.of(new double[len], len).requiresGrad(true);
                    Adafactor opt = new Adafactor(List.of(theta), new Adafactor.Options(1e-2, -0.8, null, 1e-3, d, 0, false));
                    List<Trace.Row> rows = new ArrayList<>();
                    opt.trace(rows::add);
                    for (int t = 0; t < 5; t++) {
                        double[] g = new double[len];
                        for (int i = 0; i < len; i++) g[i] = gen.nextGaussian() * Math.pow(10, 3 * (t % 3) - 3);
                        theta.setGrad(Tensor.of(g, len));
                        opt.step();
                    }
                    for (Trace.Row row : rows) {
                        assertTrue(row.get("update_rms") / row.get("clip") <= d * (1 + 1e-12), row.toString());
                    }
                    assertEquals(5, rows.size());
                });
    }

    /** A saved state resumes bit for bit; a parameter without a gradient is untouched. */
    @Test
    void resumesBitIdentically() {
        dev.jgrad.optim.laws.OptimizerLaws.stateDictResumesBitIdentically("Adafactor",
                ps -> new Adafactor(ps, Adafactor.Options.DEFAULTS.withLr(0.05)));
        dev.jgrad.optim.laws.OptimizerLaws.nullGradientsChangeNothing("Adafactor",
                ps -> new Adafactor(ps, Adafactor.Options.DEFAULTS));
        Tensor x = Tensor.zeros(dev.jgrad.tensor.DType.FLOAT64, 2, 3).requiresGrad(true);
        Adafactor opt = new Adafactor(List.of(x), Adafactor.Options.DEFAULTS);
        x.setGrad(Tensor.ones(dev.jgrad.tensor.DType.FLOAT64, 2, 3));
        opt.step();
        assertArrayEquals(new int[] {2, 3}, opt.state(x).orElseThrow().shape());
        assertEquals(List.of("step", "row_var", "col_var"), opt.state(x).orElseThrow().names());
    }
}
