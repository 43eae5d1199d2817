package dev.jgrad.optim;

import dev.jgrad.optim.fast.MuonFloat32;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Muon (Jordan et al., 2024): momentum, then the update matrix replaced by the nearest semi-orthogonal
 * matrix, so every direction of a weight matrix moves by about the same amount. As {@code torch.optim.Muon}
 * (PyTorch ≥ 2.9, single-tensor loop), except that the Newton–Schulz iteration runs in the parameter's
 * dtype where PyTorch uses bfloat16. Only for 2-D parameters: give biases and other vectors to AdamW.
 *
 * <pre>
 * input: γ (lr), λ (weight decay), μ (momentum), nesterov, (a, b, c) (ns_coefficients), ε (eps),
 *        k (ns_steps), adjust_lr_fn
 * state: B ← 0 (momentum_buffer)
 *
 * for every 2-D parameter Θ (n × p) whose gradient G is not null:
 *   (1) B ← B + (1 − μ)(G − B)              B.lerp_(G, 1 − μ): B ← μB + (1 − μ)G
 *   (2) U ← G + μ(B − G) if nesterov, else U ← B
 *   (3) X ← U, transposed if n &gt; p;  X ← X / max(‖X‖_F, ε)
 *   (4) repeat k times:  A ← X·Xᵀ;  X ← aX + (bA + cA·A)·X       Newton–Schulz: singular values → ≈ 1
 *   (5) O ← X, transposed back if n &gt; p
 *   (6) γ′ ← γ·√max(1, n/p) (original), or γ·0.2·√max(n, p) (match_rms_adamw)
 *   (7) Θ ← Θ·(1 − γλ)
 *   (8) Θ ← Θ − γ′·O
 * </pre>
 *
 * Why (4): X·Xᵀ has the squared singular values of X; the polynomial a + bs² + cs⁴ pushes every singular
 * value s of a normalised X towards 1: after five steps with the default coefficients (tuned for speed, not
 * for convergence to exactly 1) every direction of at least 1% of the norm lies in [0.5, 1.5] (MuonLawsTest);
 * far smaller ones are multiplied by only about a⁵ ≈ 484. The result is U's polar factor,
 * approximately: its directions with all singular values ≈ 1. The two learning-rate adjustments of (6)
 * differ in purpose: the original makes tall matrices' updates as large as wide ones'; match_rms_adamw
 * scales the update to the RMS an AdamW update has (about 0.2), so AdamW's γ and λ carry over.
 *
 * <p>Precision of (3)–(5). PyTorch casts U to bfloat16 and runs the whole iteration there: 8 significant
 * bits, chosen for speed on accelerators, where the iteration tolerates the rounding (its singular values
 * come out only ≈ 1 anyway); the bfloat16 result is then added to the parameter. jgrad has no bfloat16 and
 * runs (3)–(5) in the parameter's dtype: float64 for float64 parameters, so that the recorded cases (PyTorch's
 * code without the bfloat16 cast) replay within 1e-10; float32 for float32 parameters, on the fast float32
 * matrix kernels (five Newton–Schulz steps on a 500 × 784 matrix are about 3 GFLOP). Either way a jgrad update
 * differs from PyTorch's by bfloat16's rounding, not by its rule.
 *
 * <p>State, with PyTorch's name: {@code momentum_buffer}, in the parameter's dtype as in PyTorch. A
 * per-tensor rule: the framework runs the loop once over the whole parameter.
 */
public final class Muon extends Optimizer<Muon.Options> {

    /** How (6) scales the learning rate by the matrix's shape. */
    public enum AdjustLrFn {
        /** None in PyTorch: the same as {@link #ORIGINAL}. */
        NONE,
        /** γ·√max(1, n/p). */
        ORIGINAL,
        /** γ·0.2·√max(n, p), the RMS of an AdamW update. */
        MATCH_RMS_ADAMW
    }

    /**
     * Hyper-parameters of {@link Muon}, with PyTorch's names and defaults.
     *
     * @param lr             learning rate γ (default 1e-3)
     * @param weightDecay    λ, decoupled: Θ ← Θ(1 − γλ) (default 0.1)
     * @param momentum       μ (default 0.95)
     * @param nesterov       Nesterov momentum (default true)
     * @param nsCoefficient1 a of Newton–Schulz (default 3.4445)
     * @param nsCoefficient2 b (default −4.7750)
     * @param nsCoefficient3 c (default 2.0315)
     * @param eps            ε, the smallest norm divided by (default 1e-7)
     * @param nsSteps        k, Newton–Schulz steps (default 5)
     * @param adjustLrFn     (6)'s rule (default None = original)
     */
    public record Options(double lr, double weightDecay, double momentum, boolean nesterov, double nsCoefficient1,
                          double nsCoefficient2, double nsCoefficient3, double eps, int nsSteps, AdjustLrFn adjustLrFn)
            implements OptimizerOptions<Options> {

        /** PyTorch's defaults. */
        public static final Options DEFAULTS = new Options(1e-3, 0.1, 0.95, true, 3.4445, -4.7750, 2.0315, 1e-7, 5,
                AdjustLrFn.NONE);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.nonNegative("weight decay", weightDecay);
            Check.nonNegative("momentum", momentum);
            Check.nonNegative("epsilon value", eps);
            if (nsSteps < 1) {
                throw new IllegalArgumentException("Invalid ns_steps: " + nsSteps + " (must be >= 1)");
            }
            Objects.requireNonNull(adjustLrFn, "adjustLrFn");
        }
    }

    public Muon(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public Muon(Options defaults, List<ParamGroup<Options>> groups) {
        super("Muon", defaults, groups);
        for (ParamGroup<Options> g : groups) {
            for (int i = 0; i < g.params().size(); i++) {
                if (g.params().get(i).shape().length != 2) {
                    throw new IllegalArgumentException("Muon only supports 2-D parameters, but parameter " + i + " has shape "
                            + Arrays.toString(g.params().get(i).shape())
                            + ": give biases and other non-matrix parameters to AdamW in a second optimizer");
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
    protected void initState(ParamState state, Options options) {
        state.zeros("momentum_buffer");
    }

    @Override
    protected DType stateDtype(Tensor param) {
        return param.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** (6): γ′, the learning rate adjusted to the matrix's shape. */
    private static double adjustedLr(Options o, int n, int p) {
        double ratio = o.adjustLrFn() == AdjustLrFn.MATCH_RMS_ADAMW ? 0.2 * Math.sqrt(Math.max(n, p))
                : Math.sqrt(Math.max(1, (double) n / p));
        return o.lr() * ratio;
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        int[] shape = state.shape();
        int n = shape[0], p = shape[1];
        double mu = o.momentum(), lr = o.lr(), lambda = o.weightDecay();
        double adjustedLr = adjustedLr(o, n, p);                                 // (6)
        probe.put("adjusted_lr", adjustedLr);
        double[] b = state.f64("momentum_buffer");
        return (theta, grad, from, to) -> {
            double[] u = new double[n * p];
            for (int i = 0; i < n * p; i++) {
                b[i] = Math.fma(1 - mu, grad[i] - b[i], b[i]);                   // (1) B ← B + (1 − μ)(G − B)
                u[i] = o.nesterov() ? Math.fma(mu - 1, b[i] - grad[i], b[i]) : b[i]; // (2) G + μ(B − G), or B
            }
            double[] orth = NewtonSchulz.orthogonalise(u, n, p, o);              // (3)–(5)
            if (!probe.off()) {   // traced (explain): how close to orthogonal five steps came
                double[] sv = NewtonSchulz.singularValues(orth, n, p);
                probe.put("o_sigma_min", sv[0]).put("o_sigma_max", sv[sv.length - 1]);
            }
            for (int i = 0; i < n * p; i++) {
                theta[i] = theta[i] * (1 - lr * lambda);                         // (7) Θ ← Θ(1 − γλ)
                theta[i] = Math.fma(-adjustedLr, orth[i], theta[i]);             // (8) Θ ← Θ − γ′O
            }
        };
    }

    /** The same steps in float32 for float32 parameters, as PyTorch computes in their dtype: {@code fast.MuonFloat32}. */
    @Override
    protected FloatLoop updateFloat32(ParamGroup<Options> group, ParamState state, Probe probe) {
        Options o = group.options();
        int[] shape = state.shape();
        double adjustedLr = adjustedLr(o, shape[0], shape[1]);                   // (6)
        probe.put("adjusted_lr", adjustedLr);
        return MuonFloat32.loop(shape[0], shape[1], (float) o.momentum(), o.nesterov(),
                (float) (1 - o.lr() * o.weightDecay()), (float) -adjustedLr, state.f32("momentum_buffer"),
                u -> NewtonSchulz.orthogonalise(u, o), NewtonSchulz::singularValues, probe);
    }

    /** Steps (3) to (5), as tensor products (in the matrix's dtype, on the kernels). */
    static final class NewtonSchulz {
        private NewtonSchulz() {}

        /** On an n × p row-major matrix in float64. */
        static double[] orthogonalise(double[] u, int n, int p, Options o) {
            return orthogonalise(Tensor.of(u, n, p), o).toDoubleArray();
        }

        /** On an n × p matrix; the result has its dtype. */
        static Tensor orthogonalise(Tensor u, Options o) {
            boolean tall = u.shape()[0] > u.shape()[1];
            Tensor x = tall ? u.t() : u;                                         // (3) transposed if n > p
            double norm = Math.sqrt(x.mul(x).sum().item());
            x = x.div(Math.max(norm, o.eps()));                                  // (3) X / max(‖X‖, ε)
            double a = o.nsCoefficient1(), b = o.nsCoefficient2(), c = o.nsCoefficient3();
            for (int step = 0; step < o.nsSteps(); step++) {
                Tensor gram = x.matmul(x.t());                                   // (4) A ← X·Xᵀ
                Tensor poly = gram.mul(b).add(gram.matmul(gram).mul(c));         //     bA + cA·A
                x = x.mul(a).add(poly.matmul(x));                                //     X ← aX + (bA + cA·A)·X
            }
            return (tall ? x.t() : x).contiguous();                              // (5)
        }

        /** The singular values of an n × p matrix, ascending ({@link Decompositions#singularValues}). For traces only. */
        static double[] singularValues(double[] o, int n, int p) {
            return Decompositions.singularValues(o, n, p);
        }
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), λ (weight decay), μ (momentum), nesterov, (a, b, c) (ns_coefficients), ε (eps),
                   k (ns_steps), adjust_lr_fn
            state: B ← 0 (momentum_buffer)
            for every 2-D parameter Θ (n × p) whose gradient G is not null:
              (1) B ← B + (1 − μ)(G − B)              B.lerp_(G, 1 − μ): B ← μB + (1 − μ)G
              (2) U ← G + μ(B − G) if nesterov, else U ← B
              (3) X ← U, transposed if n > p;  X ← X / max(‖X‖_F, ε)
              (4) repeat k times:  A ← X·Xᵀ;  X ← aX + (bA + cA·A)·X       Newton–Schulz: singular values → ≈ 1
              (5) O ← X, transposed back if n > p
              (6) γ′ ← γ·√max(1, n/p) (original), or γ·0.2·√max(n, p) (match_rms_adamw)
              (7) Θ ← Θ·(1 − γλ)
              (8) Θ ← Θ − γ′·O
            """;
}
