package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Adafactor (Shazeer &amp; Stern, 2018): Adam's second moment without its memory. For a matrix it keeps one
 * running mean of g² per row (R) and one per column (C), and estimates every element's v̂ from them as
 * R·C / mean(R), the rank-1 matrix closest to v̂; steps are relative to θ's own RMS and clipped. As
 * {@code torch.optim.Adafactor} (PyTorch ≥ 2.5, single-tensor loop) for vectors and matrices.
 *
 * <pre>
 * input: γ (lr), β̂ (beta2_decay), ε₁, ε₂ (eps), d, λ (weight decay), maximize
 * state: t ← 0 (step); a matrix: R ← 0 (row_var, one per row), C ← 0 (col_var, one per column);
 *        a vector: V ← 0 (variance)
 *
 * for every parameter θ (n × p, or a vector) whose gradient is not null:
 *   (1) t ← t + 1;  g ← ∇θ f(θ)                  if maximize: g ← −g
 *   (2) β₂ₜ ← 1 − t^β̂                           so 1 − β₂ₜ = t^β̂ (t^−0.8): the average forgets ever more slowly
 *   (3) ρₜ ← min(γ, 1/√t)                        the relative step, capped by the lr
 *   (4) αₜ ← max(ε₂, RMS(θ))·ρₜ                  a step relative to θ's own scale
 *   (5) θ ← θ·(1 − γλ)                            decoupled decay
 *   (6) matrix: R ← R + (1 − β₂ₜ)(mean_cols(g²) − R);  C ← C + (1 − β₂ₜ)(mean_rows(g²) − C)
 *               v̂ ← R·Cᵀ / max(mean(R), ε₁)
 *       vector: V ← V + (1 − β₂ₜ)(g² − V);  v̂ ← V
 *   (7) u ← g / √max(v̂, ε₁²)
 *   (8) θ ← θ − αₜ·u / max(1, RMS(u)/d)           update clipping: RMS of a step at most d
 * </pre>
 *
 * Where PyTorch and the paper differ: the paper's relative step is ρₜ = min(10⁻², 1/√t) with no lr at all;
 * PyTorch's lr caps ρₜ instead (so lr is the largest relative step, not a multiplier). The paper adds ε₁ to
 * g² before averaging; PyTorch clamps v̂ at ε₁² at the end (and the row mean at ε₁). ε₁ None means the
 * dtype's machine epsilon; this loop computes in float64, so None is 2⁻⁵² here even for float32 parameters.
 * No first moment (the paper's β₁ = 0 default), as in PyTorch. Parameters of more than two dimensions are
 * refused: PyTorch factors their last two, which jgrad does not yet.
 *
 * <p>State, with PyTorch's names: {@code step}, {@code row_var} and {@code col_var} (matrices) or
 * {@code variance} (vectors). A per-tensor rule: the framework runs the loop once over the whole parameter.
 */
public final class Adafactor extends Optimizer<Adafactor.Options> {

    /**
     * Hyper-parameters of {@link Adafactor}, with PyTorch's names and defaults.
     *
     * @param lr          γ, the cap of the relative step (default 1e-2)
     * @param beta2Decay  β̂: 1 − β₂ₜ = t^β̂ (default −0.8)
     * @param eps1        ε₁, the floor of v̂ (as ε₁²) and of the row mean; null = machine epsilon (default None)
     * @param eps2        ε₂, the floor of θ's RMS in the step size (default 1e-3)
     * @param d           the clipping threshold of the update's RMS (default 1.0)
     * @param weightDecay λ, decoupled (default 0)
     * @param maximize    ascend instead (default false)
     */
    public record Options(double lr, double beta2Decay, Double eps1, double eps2, double d, double weightDecay,
                          boolean maximize) implements OptimizerOptions<Options> {

        /** PyTorch's defaults. */
        public static final Options DEFAULTS = new Options(1e-2, -0.8, null, 1e-3, 1.0, 0.0, false);

        public Options {
            if (!(lr >= 0)) {
                throw new IllegalArgumentException("Learning rate should be >= 0 but is: " + lr);
            }
            if (!(beta2Decay <= 0)) {
                throw new IllegalArgumentException("beta2_decay should be <= 0 but is: " + beta2Decay);
            }
            if (eps1 != null && !(eps1 >= 0)) {
                throw new IllegalArgumentException("epsilon1 should be >= 0 but is: " + eps1);
            }
            if (!(eps2 >= 0)) {
                throw new IllegalArgumentException("epsilon2 should be >= 0 but is: " + eps2);
            }
            if (!(d >= 1)) {
                throw new IllegalArgumentException("Clipping threshold d should be >= 1 but is: " + d);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weight_decay should be >= 0 but is: " + weightDecay);
            }
        }
    }

    public Adafactor(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public Adafactor(Options defaults, List<ParamGroup<Options>> groups) {
        super("Adafactor", defaults, groups);
        for (ParamGroup<Options> g : groups) {
            for (int i = 0; i < g.params().size(); i++) {
                if (g.params().get(i).shape().length > 2) {
                    throw new IllegalArgumentException("Adafactor here factors matrices and vectors only, but parameter " + i
                            + " has shape " + Arrays.toString(g.params().get(i).shape()));
                }
            }
        }
    }

    @Override
    public WeightDecay weightDecay() {
        return WeightDecay.DECOUPLED;
    }

    @Override
    protected Coupling coupling() {
        return Coupling.PER_TENSOR;
    }

    @Override
    protected void initState(ParamState s, Options o) {
        int[] shape = s.shape();
        s.set("step", 0);
        if (shape.length == 2) {
            s.zeros("row_var", shape[0]).zeros("col_var", shape[1]);
        } else {
            s.zeros("variance");
        }
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState s, Probe probe) {
        Options o = group.options();
        int[] shape = s.shape();
        boolean matrix = shape.length == 2;
        int n = matrix ? shape[0] : 1, p = matrix ? shape[1] : s.numel();
        double eps1 = o.eps1() != null ? o.eps1() : Math.ulp(1.0);
        long t = s.increment("step");                                             // (1)
        double oneMinusBeta2 = Math.pow(t, o.beta2Decay());                       // (2) 1 − β₂ₜ = t^β̂
        double rho = Math.min(o.lr(), 1 / Math.sqrt(t));                          // (3)
        double[] r = matrix ? s.f64("row_var") : null, c = matrix ? s.f64("col_var") : null;
        double[] v = matrix ? null : s.f64("variance");
        return (theta, grad, from, to) -> {
            int numel = theta.length;
            double alpha = Math.max(o.eps2(), norm(theta, numel) / Math.sqrt(numel)) * rho; // (4)
            if (o.weightDecay() != 0) {
                for (int i = 0; i < numel; i++) {
                    theta[i] = theta[i] * (1 - o.lr() * o.weightDecay());                             // (5)
                }
            }
            double[] g = new double[numel];
            for (int i = 0; i < numel; i++) {
                g[i] = o.maximize() ? -grad[i] : grad[i];                                        // (1)
            }
            double[] vHat = new double[numel];
            if (matrix) {                                                                            // (6)
                for (int i = 0; i < n; i++) {
                    double rowNorm = Math.sqrt(sumSquares(g, i * p, 1, p));
                    r[i] = lerp(r[i], rowNorm * rowNorm / p, oneMinusBeta2);                         //     R
                }
                for (int j = 0; j < p; j++) {
                    double colNorm = Math.sqrt(sumSquares(g, j, p, n));
                    c[j] = lerp(c[j], colNorm * colNorm / n, oneMinusBeta2);                         //     C
                }
                double rowMean = 0;
                for (double ri : r) {
                    rowMean += ri;
                }
                rowMean = Math.max(rowMean / n, eps1);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < p; j++) {
                        vHat[i * p + j] = r[i] * c[j] / rowMean;                                    //     v̂ = R·Cᵀ/mean(R)
                    }
                }
            } else {
                for (int i = 0; i < numel; i++) {
                    vHat[i] = v[i] = lerp(v[i], g[i] * g[i], oneMinusBeta2);                             // V
                }
            }
            double[] u = new double[numel];
            for (int i = 0; i < numel; i++) {
                u[i] = 1 / Math.sqrt(Math.max(vHat[i], eps1 * eps1)) * g[i];                               // (7)
            }
            double clip = Math.max(1.0, norm(u, numel) / (Math.sqrt(numel) * o.d()));                     // (8)
            for (int i = 0; i < numel; i++) {
                theta[i] = Math.fma(-alpha / clip, u[i], theta[i]);
            }
            probe.put("rho", rho).put("alpha", alpha).put("update_rms", norm(u, numel) / Math.sqrt(numel))
                    .put("clip", clip);
            if (matrix && !probe.off()) {   // traced: the factors of (6), the first TRACED of each
                for (int i = 0; i < Math.min(n, TRACED); i++) {
                    probe.put("row_var_" + i, r[i]);
                }
                for (int j = 0; j < Math.min(p, TRACED); j++) {
                    probe.put("col_var_" + j, c[j]);
                }
            }
        };
    }

    /** Row and column factors a trace reports per matrix (explain's table stays readable). */
    static final int TRACED = 8;

    /** PyTorch's lerp: the same two branches as its vectorised CPU kernel, so weights near 1 stay exact. */
    private static double lerp(double self, double end, double w) {
        return w < 0.5 ? Math.fma(w, end - self, self) : Math.fma(w - 1, end - self, end);
    }

    private static double norm(double[] a, int n) {
        return Math.sqrt(sumSquares(a, 0, 1, n));
    }

    private static double sumSquares(double[] a, int start, int stride, int count) {
        double s = 0;
        for (int k = 0; k < count; k++) {
            s += a[start + k * stride] * a[start + k * stride];
        }
        return s;
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β̂ (beta2_decay), ε₁, ε₂ (eps), d, λ (weight decay), maximize
            state: t ← 0 (step); a matrix: R ← 0 (row_var, one per row), C ← 0 (col_var, one per column);
                   a vector: V ← 0 (variance)
            for every parameter θ (n × p, or a vector) whose gradient is not null:
              (1) t ← t + 1;  g ← ∇θ f(θ)                  if maximize: g ← −g
              (2) β₂ₜ ← 1 − t^β̂                           so 1 − β₂ₜ = t^β̂ (t^−0.8): the average forgets ever more slowly
              (3) ρₜ ← min(γ, 1/√t)                        the relative step, capped by the lr
              (4) αₜ ← max(ε₂, RMS(θ))·ρₜ                  a step relative to θ's own scale
              (5) θ ← θ·(1 − γλ)                            decoupled decay
              (6) matrix: R ← R + (1 − β₂ₜ)(mean_cols(g²) − R);  C ← C + (1 − β₂ₜ)(mean_rows(g²) − C)
                          v̂ ← R·Cᵀ / max(mean(R), ε₁)
                  vector: V ← V + (1 − β₂ₜ)(g² − V);  v̂ ← V
              (7) u ← g / √max(v̂, ε₁²)
              (8) θ ← θ − αₜ·u / max(1, RMS(u)/d)           update clipping: RMS of a step at most d
            """;
}
