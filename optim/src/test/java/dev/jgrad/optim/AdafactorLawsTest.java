package dev.jgrad.optim;

import dev.jgrad.optim.engine.Trace;
import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
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
                    var gen = new Generator(seed);
                    double[] a = new double[n], b = new double[p];
                    for (int i = 0; i < n; i++) {
                        a[i] = 0.5 + Math.abs(gen.nextGaussian());
                    }
                    for (int j = 0; j < p; j++) {
                        b[j] = 0.5 + Math.abs(gen.nextGaussian());
                    }
                    Tensor theta = Tensor.of(new double[n * p], n, p).requiresGrad(true);
                    Adafactor opt = new Adafactor(List.of(theta), Adafactor.Options.DEFAULTS);
                    double[] ema = new double[n * p];
                    for (int t = 1; t <= 6; t++) {
                        double s = gen.nextGaussian();
                        double[] g = new double[n * p];
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < p; j++) {
                                g[i * p + j] = s * a[i] * b[j];
                            }
                        }
                        double w = Math.pow(t, -0.8);
                        for (int k = 0; k < g.length; k++) {
                            ema[k] = ema[k] + w * (g[k] * g[k] - ema[k]);
                        }
                        theta.setGrad(Tensor.of(g, n, p));
                        opt.step();
                    }
                    ParamState st = opt.state(theta).orElseThrow();
                    double[] r = st.values("row_var"), c = st.values("col_var");
                    double mean = Arrays.stream(r).sum() / n;
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
                    var gen = new Generator(seed);
                    Tensor theta = Tensor.of(new double[len], len).requiresGrad(true);
                    Adafactor opt = new Adafactor(List.of(theta), new Adafactor.Options(1e-2, -0.8, null, 1e-3, d, 0, false));
                    List<Trace.Row> rows = new ArrayList<>();
                    opt.trace(rows::add);
                    for (int t = 0; t < 5; t++) {
                        double[] g = new double[len];
                        for (int i = 0; i < len; i++) {
                            g[i] = gen.nextGaussian() * Math.pow(10, 3 * (t % 3) - 3);
                        }
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
        OptimizerLaws.stateDictResumesBitIdentically("Adafactor",
                ps -> new Adafactor(ps, Adafactor.Options.DEFAULTS.withLr(0.05)));
        OptimizerLaws.nullGradientsChangeNothing("Adafactor",
                ps -> new Adafactor(ps, Adafactor.Options.DEFAULTS));
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        Adafactor opt = new Adafactor(List.of(x), Adafactor.Options.DEFAULTS);
        x.setGrad(Tensor.ones(DType.FLOAT64, 2, 3));
        opt.step();
        assertArrayEquals(new int[] {2, 3}, opt.state(x).orElseThrow().shape());
        assertEquals(List.of("step", "row_var", "col_var"), opt.state(x).orElseThrow().names());
    }

    /**
     * R·Cᵀ / mean(R) is the rank-1 matrix closest to V in I-divergence D(V‖W) = Σ v·log(v/w) − v + w (Shazeer &amp;
     * Stern, section 3), not in least squares: scaling one of its rows or columns (still rank 1) raises D, and the
     * least-squares rank-1 matrix (the SVD's, by Commons Math) has the smaller squared error but the larger D.
     */
    @Test
    void theFactoredEstimateIsTheRank1MatrixClosestInIDivergence() {
        Property.named("Adafactor: R·Cᵀ/mean(R) minimises the I-divergence over rank-1 matrices").tries(40)
                .forAll(Gens.ints(2, 5), Gens.ints(2, 5), Gens.ints(0, 1 << 20), (n, p, seed) -> {
                    Generator gen = new Generator(seed);
                    double[][] v = new double[n][p];
                    double[] r = new double[n], c = new double[p];
                    double mean = 0;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < p; j++) {
                            v[i][j] = Math.exp(gen.nextGaussian());
                            r[i] += v[i][j] / p;
                            c[j] += v[i][j] / n;
                            mean += v[i][j] / (n * p);
                        }
                    }
                    double[][] w = new double[n][p];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < p; j++) {
                            w[i][j] = r[i] * c[j] / mean;
                        }
                    }
                    double best = iDivergence(v, w);
                    for (double f : new double[] {0.999, 1.001}) {
                        for (int k = 0; k < n + p; k++) {
                            double[][] moved = new double[n][p];
                            for (int i = 0; i < n; i++) {
                                for (int j = 0; j < p; j++) {
                                    moved[i][j] = w[i][j] * (i == k || j == k - n ? f : 1);
                                }
                            }
                            assertTrue(iDivergence(v, moved) > best, "scaling row/column " + k + " by " + f);
                        }
                    }
                    RealMatrix vm = MatrixUtils.createRealMatrix(v);
                    SingularValueDecomposition svd = new SingularValueDecomposition(vm);
                    RealMatrix ls = svd.getU().getColumnMatrix(0).scalarMultiply(svd.getSingularValues()[0])
                            .multiply(svd.getV().getColumnMatrix(0).transpose());
                    RealMatrix wm = MatrixUtils.createRealMatrix(w);
                    assertTrue(vm.subtract(ls).getFrobeniusNorm() < vm.subtract(wm).getFrobeniusNorm(), "least squares");
                    assertTrue(iDivergence(v, ls.getData()) > best, "I-divergence");
                });
    }

    /** On rank-1 gradients whose pattern changes, a·bᵀ then a′·b′ᵀ, the factored estimate is not the running mean. */
    @Test
    void onAChangingRank1PatternTheFactoredEstimateIsNotTheRunningMean() {
        double[][] patterns = {{1, 2, 1, 3}, {2, 1, 3, 1}};   // a₁, b₁ then a₂, b₂ (2 × 2)
        Tensor theta = Tensor.of(new double[4], 2, 2).requiresGrad(true);
        Adafactor opt = new Adafactor(List.of(theta), Adafactor.Options.DEFAULTS);
        double[] ema = new double[4];
        for (int t = 1; t <= 2; t++) {
            double[] ab = patterns[t - 1];
            double[] g = {ab[0] * ab[2], ab[0] * ab[3], ab[1] * ab[2], ab[1] * ab[3]};
            double w = Math.pow(t, -0.8);
            for (int k = 0; k < 4; k++) {
                ema[k] = ema[k] + w * (g[k] * g[k] - ema[k]);
            }
            theta.setGrad(Tensor.of(g, 2, 2));
            opt.step();
        }
        ParamState st = opt.state(theta).orElseThrow();
        double[] r = st.values("row_var"), c = st.values("col_var");
        double mean = (r[0] + r[1]) / 2, worst = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                worst = Math.max(worst, Math.abs(r[i] * c[j] / mean - ema[i * 2 + j]) / ema[i * 2 + j]);
            }
        }
        assertTrue(worst > 0.1, "largest relative difference " + worst);
    }

    private static double iDivergence(double[][] v, double[][] w) {
        double d = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v[i].length; j++) {
                d += v[i][j] * Math.log(v[i][j] / w[i][j]) - v[i][j] + w[i][j];
            }
        }
        return d;
    }
}
