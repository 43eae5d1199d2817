package dev.jgrad.optim;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * SOAP (Vyas et al., "SOAP: Improving and Stabilizing Shampoo using Adam for Language Modeling", ICLR 2025): Adam run
 * in the eigenbasis of Shampoo's preconditioner. For a matrix gradient G, Shampoo keeps L ≈ E[GGᵀ] and
 * R ≈ E[GᵀG]; SOAP rotates G into their eigenvectors (Q_L, Q_R), runs Adam's two moments there, and rotates the
 * step back. The eigenbasis is
 * found once and then refreshed every f steps by one power-iteration step and a QR factorisation, so the expensive
 * part runs rarely while Adam adapts every step. As the authors' code (nikhilvyas/SOAP a1e5535), with the
 * preconditioner in float64 where the authors cast it to float32.
 *
 * <pre>
 * input: γ (lr), β₁, β₂ (betas), β_s (shampoo_beta; β₂ when &lt; 0), ε (eps), λ (weight_decay),
 *        f (precondition_frequency), max_precond_dim, merge_dims, precondition_1d, normalize_grads,
 *        correct_bias
 * state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), L, R ← 0 (GG), Q_L, Q_R (Q)
 *
 * the first step with a gradient G only builds the basis (θ does not move, t stays 0):
 *   (1) L ← L + (1 − β_s)(GGᵀ − L);  R ← R + (1 − β_s)(GᵀG − R)
 *   (2) Q_L, Q_R ← eigenvectors of L, R, by descending eigenvalue
 * every later step:
 *   (3) G′ ← Q_Lᵀ·G·Q_R                          the gradient in the eigenbasis
 *   (4) t ← t + 1
 *   (5) m ← β₁m + (1 − β₁)G′;  v ← β₂v + (1 − β₂)G′²
 *   (6) γₜ ← γ·√(1 − β₂ᵗ)/(1 − β₁ᵗ)              if correct_bias, else γ
 *   (7) N ← Q_L·(m / (√v + ε))·Q_Rᵀ              Adam's direction, rotated back
 *   (8) N ← N / (10⁻³⁰ + RMS(N))                 if normalize_grads
 *   (9) θ ← θ − γₜ·N
 *  (10) θ ← θ − γλθ                              decoupled decay, after the step
 *  (11) m ← Q_L·m·Q_Rᵀ                           m leaves the basis before it changes
 *  (12) L, R as in (1)
 *  (13) if t mod f = 0, for L (and alike R, on v's columns):
 *         sort Q_L's columns by diag(Q_Lᵀ·L·Q_L), descending, and v's rows alike;  Q_L ← Q of qr(L·Q_L)
 *  (14) m ← Q_Lᵀ·m·Q_R                           back into the (new) basis
 * </pre>
 *
 * For a tensor of any order, each dimension k has its own Gram matrix (G unfolded along k, times its transpose)
 * and basis Q_k, and (3), (7), (11), (14) multiply along every dimension. A dimension longer than max_precond_dim
 * keeps Q = I (no Gram matrix); so does a vector unless precondition_1d. merge_dims first merges neighbouring
 * dimensions while their product stays ≤ max_precond_dim (a 3 × 3 × 64 × 64 tensor becomes 576 × 64).
 *
 * <p>Why (1)–(2) on the first step and the basis refreshed only after the step: the authors never let the gradient
 * being applied shape the basis it is applied in. Why (13) is cheap: L changes slowly, so one multiplication by L
 * (a step of power iteration) and a re-orthonormalisation keep Q_L close to L's eigenvectors; the sort keeps the
 * basis and v's coordinates in step. Where the paper and the code differ: the paper presents SOAP as Adam (with its
 * bias-corrected m̂, v̂) in the eigenbasis of Shampoo's preconditioner, recomputed every f steps; the authors' code
 * (followed here) computes eigenvectors only once, refreshes them by (13), skips the first step, adds ε to √v before
 * the bias correction (Kingma &amp; Ba's original form, γₜ as in (6)), and applies the decay after the step, unscaled
 * by the correction. With a vector and precondition_1d off, SOAP is exactly that Adam started one step late (a law
 * in {@code SoapLawsTest}). The
 * authors' code computes the preconditioner in float32; this file in float64. Optax has no SOAP.
 *
 * <p>The first eigenbasis is computed by {@link Decompositions#eigh} (Jacobi) and refreshed by
 * {@link Decompositions#qrQ} (Householder): a column's sign is arbitrary, and nothing SOAP computes depends on
 * it (m is rotated out and back with the same Q; v holds squares). Where L or R is singular on the first step (a
 * non-square matrix's larger side: one gradient has rank ≤ its smaller dimension), the eigenvectors of the zero
 * eigenvalue are any basis of the null space; LAPACK and Jacobi choose differently, and the trajectory depends on
 * the choice, so the replay of such a recording fits the basis within the null space (see
 * {@code docs/optimizers/soap.md}).
 *
 * <p>State, with the authors' names: {@code step}, {@code exp_avg} (m, kept in the eigenbasis), {@code exp_avg_sq}
 * (v), {@code GG} (the Gram matrices L, R, ... one after the other, row-major) and {@code Q} (their bases, laid out
 * alike; absent until the first step). A per-tensor rule; float32 parameters keep float32 state and run the matrix
 * products in float32 ({@link #updateFloat32}).
 */
public final class SOAP extends Optimizer<SOAP.Options> {

    /**
     * Steps with a gradient that build the eigenbasis and are not counted in the state's {@code step}: the first.
     * After k steps, {@code step} is k − 1, as in the authors' code (checkpoint checks allow for it).
     */
    public static final int BASIS_STEPS = 1;

    /**
     * Hyper-parameters of {@link SOAP}, with the authors' names and defaults.
     *
     * @param lr                    γ (default 3e-3)
     * @param beta1                 β₁ of m (default 0.95)
     * @param beta2                 β₂ of v (default 0.95)
     * @param shampooBeta           β_s of the Gram matrices; a negative value means β₂ (default −1)
     * @param eps                   ε, added to √v (default 1e-8)
     * @param weightDecay           λ, decoupled, applied after the step (default 0.01)
     * @param preconditionFrequency f, steps between basis refreshes (default 10)
     * @param maxPrecondDim         dimensions longer than this are not rotated (default 10000)
     * @param mergeDims             merge neighbouring dimensions up to maxPrecondDim (default false)
     * @param precondition1d        rotate vectors too (default false)
     * @param normalizeGrads        scale each step to unit RMS (default false)
     * @param correctBias           Adam's bias correction (default true)
     */
    public record Options(double lr, double beta1, double beta2, double shampooBeta, double eps, double weightDecay,
                          int preconditionFrequency, int maxPrecondDim, boolean mergeDims, boolean precondition1d,
                          boolean normalizeGrads, boolean correctBias) implements OptimizerOptions<Options> {

        /** The authors' defaults. */
        public static final Options DEFAULTS = new Options(3e-3, 0.95, 0.95, -1, 1e-8, 0.01, 10, 10000, false, false,
                false, true);

        public Options {
            Check.nonNegative("learning rate", lr);
            Check.unitInterval("beta parameter at index 0", beta1);
            Check.unitInterval("beta parameter at index 1", beta2);
            if (!(shampooBeta < 1)) {
                throw new IllegalArgumentException("Invalid shampoo_beta: " + shampooBeta
                        + " (must be < 1; a negative value means betas[1])");
            }
            Check.nonNegative("epsilon value", eps);
            Check.nonNegative("weight_decay value", weightDecay);
            if (preconditionFrequency < 1) {
                throw new IllegalArgumentException("Invalid precondition_frequency: " + preconditionFrequency
                        + " (must be >= 1)");
            }
            if (maxPrecondDim < 1) {
                throw new IllegalArgumentException("Invalid max_precond_dim: " + maxPrecondDim + " (must be >= 1)");
            }
        }

        /** β_s as the authors resolve it: shampoo_beta if ≥ 0, else β₂. */
        double resolvedShampooBeta() {
            return shampooBeta >= 0 ? shampooBeta : beta2;
        }
    }

    public SOAP(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    public SOAP(Options defaults, List<ParamGroup<Options>> groups) {
        super("SOAP", defaults, groups);
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
        Basis basis = Basis.of(state.shape(), options, DType.FLOAT64);
        state.set("step", 0).zeros("exp_avg").zeros("exp_avg_sq").zeros("GG", basis.matrixLength());
    }

    /** float32 parameters keep float32 state, as the authors' code does for a float32 model. */
    @Override
    protected DType stateDtype(Tensor param) {
        return param.dtype() == DType.FLOAT32 ? DType.FLOAT32 : DType.FLOAT64;
    }

    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        Step step = step(group.options(), state, probe, DType.FLOAT64);
        return (theta, grad, from, to) -> step.run(theta, grad);
    }

    /**
     * float32 parameters: the same steps, with the rotations and Gram matrices as float32 matrix products on the fast
     * kernels (about ten times the float64 ones' speed on a 500 × 784 layer) and the state rounded to float32, as the
     * authors' code computes for a float32 model; the eigendecomposition and QR still run in float64.
     */
    @Override
    protected FloatLoop updateFloat32(ParamGroup<Options> group, ParamState state, Probe probe) {
        Step step = step(group.options(), state, probe, DType.FLOAT32);
        int n = state.numel();
        return (theta, thetaOff, grad, gradOff, from, to) -> {
            double[] t = new double[n], g = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = theta[thetaOff + i];
                g[i] = grad[gradOff + i];
            }
            step.run(t, g);
            for (int i = 0; i < n; i++) {
                theta[thetaOff + i] = (float) t[i];
            }
        };
    }

    /** One step of the box on the whole parameter θ with gradient G. */
    @FunctionalInterface
    private interface Step {
        void run(double[] theta, double[] grad);
    }

    /**
     * The box for one parameter, its matrix products in {@code products}' dtype. The state's buffers are read as
     * doubles and written back at the end (rounded to float for a float32 state).
     */
    private static Step step(Options o, ParamState state, Probe probe, DType products) {
        Basis basis = Basis.of(state.shape(), o, products).check(state);
        if (!state.has("Q")) {   // (1)–(2): the first step builds the basis and leaves θ alone
            probe.put("adam_t", 0).put("step_size", 0).put("refresh", 1);   // the same names every step, for traces
            return (theta, grad) -> {
                double[] gg = state.values("GG");
                basis.accumulate(gg, grad, o.resolvedShampooBeta());                   // (1)
                state.put("GG", gg).put("Q", basis.eigenbases(gg));                   // (2)
            };
        }
        long t = state.increment("step");                                             // (4)
        double beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), lr = o.lr();
        double stepSize = o.correctBias()                                             // (6)
                ? lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)) : lr;
        boolean refresh = t % o.preconditionFrequency() == 0;
        probe.put("adam_t", t).put("step_size", stepSize).put("refresh", refresh ? 1 : 0);
        return (theta, grad) -> {
            double[] q = state.values("Q"), gg = state.values("GG");
            double[] m = state.values("exp_avg"), v = state.values("exp_avg_sq");
            double[] gp = basis.project(grad, q);                                     // (3) G′ ← Q_Lᵀ·G·Q_R
            double[] dir = new double[gp.length];
            for (int i = 0; i < gp.length; i++) {
                m[i] = m[i] * beta1 + (1 - beta1) * gp[i];                            // (5) m ← β₁m + (1 − β₁)G′
                v[i] = v[i] * beta2 + (1 - beta2) * gp[i] * gp[i];                    //     v ← β₂v + (1 − β₂)G′²
                dir[i] = m[i] / (Math.sqrt(v[i]) + eps);                              // (7) m / (√v + ε)
            }
            double[] n = basis.projectBack(dir, q);                                   // (7) N ← Q_L·(…)·Q_Rᵀ
            if (o.normalizeGrads()) {
                double sq = 0;
                for (double x : n) {
                    sq += x * x;
                }
                double scale = 1e-30 + Math.sqrt(sq / n.length);
                for (int i = 0; i < n.length; i++) {
                    n[i] = n[i] / scale;                                              // (8) N ← N / (10⁻³⁰ + RMS(N))
                }
            }
            for (int i = 0; i < n.length; i++) {
                theta[i] = theta[i] - stepSize * n[i];                                // (9) θ ← θ − γₜN
            }
            if (o.weightDecay() > 0) {
                for (int i = 0; i < n.length; i++) {
                    theta[i] = theta[i] + theta[i] * (-lr * o.weightDecay());         // (10) θ ← θ − γλθ
                }
            }
            double[] mBack = basis.projectBack(m, q);                                 // (11) m ← Q_L·m·Q_Rᵀ
            basis.accumulate(gg, grad, o.resolvedShampooBeta());                      // (12)
            if (refresh) {
                basis.refresh(gg, q, v);                                              // (13) sort, power step, QR
            }
            state.put("exp_avg", basis.project(mBack, q))                             // (14) m ← Q_Lᵀ·m·Q_R
                    .put("exp_avg_sq", v).put("GG", gg).put("Q", q);
        };
    }

    /**
     * The sizes d of the Gram matrices a parameter of {@code shape} has under {@code options}, in the order the state's
     * {@code GG} and {@code Q} hold their d × d row-major blocks (a dimension that is not rotated has none).
     */
    public static int[] gramSizes(int[] shape, Options options) {
        Basis b = Basis.of(shape, options, DType.FLOAT64);
        return IntStream.range(0, b.dims().length).filter(k -> b.rotated()[k]).map(k -> b.dims()[k]).toArray();
    }

    /**
     * The rotation of one parameter: its shape as SOAP works on it (merged or not) and which dimensions have a
     * Gram matrix and a basis. {@code GG} and {@code Q} hold one d × d row-major block per such dimension, in order.
     */
    record Basis(int[] dims, boolean[] rotated, DType products) {

        static Basis of(int[] shape, Options o, DType products) {
            int[] dims = shape.length > 1 && o.mergeDims() ? merged(shape, o.maxPrecondDim()) : shape;
            boolean[] rotated = new boolean[dims.length];
            for (int k = 0; k < dims.length; k++) {
                rotated[k] = dims[k] <= o.maxPrecondDim() && (dims.length > 1 || o.precondition1d());
            }
            return new Basis(dims, rotated, products);
        }

        /** The authors' merge: multiply neighbouring sizes while the product stays ≤ max. */
        static int[] merged(int[] shape, int max) {
            List<Integer> out = new ArrayList<>();
            long current = 1;
            for (int size : shape) {
                if (current * size > max) {
                    if (current > 1) {
                        out.add((int) current);
                        current = size;
                    } else {
                        out.add(size);
                        current = 1;
                    }
                } else {
                    current *= size;
                }
            }
            if (current > 1 || out.isEmpty()) {
                out.add((int) current);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        int matrixLength() {
            int len = 0;
            for (int k = 0; k < dims.length; k++) {
                len += rotated[k] ? dims[k] * dims[k] : 0;
            }
            return len;
        }

        Basis check(ParamState state) {
            if (state.values("GG").length != matrixLength()) {
                throw new IllegalStateException("SOAP's state was built for other max_precond_dim, merge_dims or "
                        + "precondition_1d options than this group's: those cannot change during training");
            }
            return this;
        }

        /** Where dimension k's block starts in GG and Q. */
        private int offset(int k) {
            int off = 0;
            for (int j = 0; j < k; j++) {
                off += rotated[j] ? dims[j] * dims[j] : 0;
            }
            return off;
        }

        /** Every Gram matrix: GG_k ← GG_k + (1 − β_s)(G_(k)·G_(k)ᵀ − GG_k), G_(k) the unfolding along k. */
        void accumulate(double[] gg, double[] g, double shampooBeta) {
            for (int k = 0; k < dims.length; k++) {
                if (rotated[k] && g.length > 0) {
                    int d = dims[k], off = offset(k), inner = inner(k), outer = g.length / (d * inner);
                    double[] gram = new double[d * d];
                    if (inner == 1) {                                 // the last dimension: Gᵀ·G of the outer × d rows
                        gram = matrix(g, 0, outer, d).t().matmul(matrix(g, 0, outer, d)).toDoubleArray();
                    } else {
                        for (int o = 0; o < outer; o++) {             // Σ over the slices X_o (d × inner): X_o·X_oᵀ
                            Tensor x = matrix(g, o * d * inner, d, inner);
                            double[] part = x.matmul(x.t()).toDoubleArray();
                            for (int i = 0; i < part.length; i++) {
                                gram[i] += part[i];
                            }
                        }
                    }
                    for (int i = 0; i < d * d; i++) {
                        gg[off + i] = lerp(gg[off + i], gram[i], 1 - shampooBeta);
                    }
                }
            }
        }

        /** The eigenvectors of every Gram matrix, by descending eigenvalue (the authors flip eigh's ascending one). */
        double[] eigenbases(double[] gg) {
            double[] q = new double[gg.length];
            for (int k = 0; k < dims.length; k++) {
                if (rotated[k]) {
                    int d = dims[k], off = offset(k);
                    double[] vectors = Decompositions.eigh(Arrays.copyOfRange(gg, off, off + d * d), d).vectors();
                    for (int r = 0; r < d; r++) {
                        for (int c = 0; c < d; c++) {
                            q[off + r * d + c] = vectors[r * d + (d - 1 - c)];
                        }
                    }
                }
            }
            return q;
        }

        /** (13): per dimension, sort the basis by its Rayleigh quotients (v's slices alike), a power step, QR. */
        void refresh(double[] gg, double[] q, double[] v) {
            for (int k = 0; k < dims.length; k++) {
                if (rotated[k]) {
                    int d = dims[k], off = offset(k);
                    double[] gq = matrix(gg, off, d, d).matmul(matrix(q, off, d, d)).toDoubleArray();   // GG·Q
                    double[] est = new double[d];
                    for (int a = 0; a < d; a++) {
                        for (int c = 0; c < d; c++) {
                            est[c] += q[off + a * d + c] * gq[a * d + c];   // diag(Qᵀ·GG·Q)
                        }
                    }
                    int[] order = IntStream.range(0, d).boxed()
                            .sorted((x, y) -> Double.compare(est[y], est[x])).mapToInt(Integer::intValue).toArray();
                    permute(v, k, order);
                    double[] power = new double[d * d];                  // GG·Q[:, order], one step of power iteration
                    for (int a = 0; a < d; a++) {
                        for (int c = 0; c < d; c++) {
                            power[a * d + c] = gq[a * d + order[c]];
                        }
                    }
                    System.arraycopy(Decompositions.qrQ(power, d), 0, q, off, d * d);
                }
            }
        }

        /** (3), (14): x multiplied by Q_kᵀ along every rotated dimension k. */
        double[] project(double[] x, double[] q) {
            return multiplyAll(x, q, true);
        }

        /** (7), (11): x multiplied by Q_k along every rotated dimension k. */
        double[] projectBack(double[] x, double[] q) {
            return multiplyAll(x, q, false);
        }

        private double[] multiplyAll(double[] x, double[] q, boolean transposed) {
            double[] y = x;
            for (int k = 0; k < dims.length; k++) {
                if (rotated[k]) {
                    y = multiply(y, k, q, offset(k), transposed);
                }
            }
            return y == x ? x.clone() : y;
        }

        /**
         * y[.., j, ..] = Σ_i A[j][i]·x[.., i, ..] along dimension k, with A = Qᵀ (transposed) or Q: as matrix products
         * on the kernels, X·Aᵀ for the last dimension, A·X_o for every slice otherwise.
         */
        private double[] multiply(double[] x, int k, double[] q, int off, boolean transposed) {
            int d = dims[k], inner = inner(k), outer = x.length / Math.max(1, d * inner);
            Tensor basis = matrix(q, off, d, d), a = transposed ? basis.t() : basis;
            if (inner == 1) {
                return matrix(x, 0, outer, d).matmul(a.t()).contiguous().toDoubleArray();
            }
            double[] y = new double[x.length];
            for (int o = 0; o < outer; o++) {
                double[] part = a.matmul(matrix(x, o * d * inner, d, inner)).toDoubleArray();
                System.arraycopy(part, 0, y, o * d * inner, d * inner);
            }
            return y;
        }

        /** Elements [from, from + rows·cols) of {@code a} as a rows × cols matrix of the products' dtype. */
        private Tensor matrix(double[] a, int from, int rows, int cols) {
            Tensor m = Tensor.of(Arrays.copyOfRange(a, from, from + rows * cols), rows, cols);
            return products == DType.FLOAT64 ? m : m.to(products);
        }

        /** x's slices along dimension k reordered: slice c of the result is slice order[c] of x. */
        private void permute(double[] x, int k, int[] order) {
            int d = dims[k], inner = inner(k), outer = x.length / (d * inner);
            double[] copy = x.clone();
            for (int o = 0; o < outer; o++) {
                for (int c = 0; c < d; c++) {
                    System.arraycopy(copy, (o * d + order[c]) * inner, x, (o * d + c) * inner, inner);
                }
            }
        }

        private int inner(int k) {
            int inner = 1;
            for (int j = k + 1; j < dims.length; j++) {
                inner *= dims[j];
            }
            return inner;
        }

        /** PyTorch's lerp: a + w(b − a) for |w| &lt; 0.5, else b − (b − a)(1 − w), exact at both ends. */
        private static double lerp(double a, double b, double w) {
            return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
        }
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), β₁, β₂ (betas), β_s (shampoo_beta; β₂ when < 0), ε (eps), λ (weight_decay),
                   f (precondition_frequency), max_precond_dim, merge_dims, precondition_1d, normalize_grads,
                   correct_bias
            state: t ← 0 (step), m ← 0 (exp_avg), v ← 0 (exp_avg_sq), L, R ← 0 (GG), Q_L, Q_R (Q)
            the first step with a gradient G only builds the basis (θ does not move, t stays 0):
              (1) L ← L + (1 − β_s)(GGᵀ − L);  R ← R + (1 − β_s)(GᵀG − R)
              (2) Q_L, Q_R ← eigenvectors of L, R, by descending eigenvalue
            every later step:
              (3) G′ ← Q_Lᵀ·G·Q_R                          the gradient in the eigenbasis
              (4) t ← t + 1
              (5) m ← β₁m + (1 − β₁)G′;  v ← β₂v + (1 − β₂)G′²
              (6) γₜ ← γ·√(1 − β₂ᵗ)/(1 − β₁ᵗ)              if correct_bias, else γ
              (7) N ← Q_L·(m / (√v + ε))·Q_Rᵀ              Adam's direction, rotated back
              (8) N ← N / (10⁻³⁰ + RMS(N))                 if normalize_grads
              (9) θ ← θ − γₜ·N
             (10) θ ← θ − γλθ                              decoupled decay, after the step
             (11) m ← Q_L·m·Q_Rᵀ                           m leaves the basis before it changes
             (12) L, R as in (1)
             (13) if t mod f = 0, for L (and alike R, on v's columns):
                    sort Q_L's columns by diag(Q_Lᵀ·L·Q_L), descending, and v's rows alike;  Q_L ← Q of qr(L·Q_L)
             (14) m ← Q_Lᵀ·m·Q_R                           back into the (new) basis
            """;
}
