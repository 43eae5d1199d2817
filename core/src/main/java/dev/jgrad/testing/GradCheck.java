package dev.jgrad.testing;

import dev.jgrad.autograd.AllowUnused;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.CreateGraph;
import dev.jgrad.autograd.Functional;
import dev.jgrad.autograd.Graph;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.autograd.GradOptions;
import dev.jgrad.autograd.HigherOrder;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Compares autograd's Jacobian with central finite differences, like {@code torch.autograd.gradcheck}.
 *
 * <p>Row j of the analytic Jacobian is one backward pass with a one-hot output gradient; column i of
 * the numeric one is (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε. Every entry must satisfy
 * |analytic − numeric| ≤ atol + rtol·|numeric|. Central differences have O(ε²) truncation error
 * and O(u/ε) rounding error (u = unit roundoff); with float64 (u ≈ 1e−16) and ε = 1e−6 both are
 * far below the tolerance, with float32 (u ≈ 6e−8) rounding alone is ~0.06, so float32 inputs are refused.
 *
 * <p>Also: {@link Mode#FAST} (one random projection uᵀJv per input instead of the whole Jacobian, for
 * large inputs, as PyTorch's {@code fast_mode}), {@link #gradgradcheck} (second derivatives: the
 * gradient for a random output gradient, itself gradchecked) and {@link #checkForward} (the Jacobian
 * built column by column by forward mode, against the same finite differences).
 */
public final class GradCheck {
    private GradCheck() {}

    /** The function under test: tensors in, one tensor out. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor... inputs);
    }

    /** Step and tolerances; the defaults are PyTorch's. */
    public record Tolerance(double eps, double atol, double rtol) {
        public static final Tolerance DEFAULT = new Tolerance(1e-6, 1e-5, 1e-3);

        public Tolerance {
            if (!(eps > 0)) {
                throw new IllegalArgumentException("gradcheck: eps must be > 0, got " + eps);
            }
            if (!(atol >= 0) || !(rtol >= 0)) {
                throw new IllegalArgumentException("gradcheck: atol and rtol must be >= 0");
            }
        }
    }

    /** Whole Jacobians ({@link #FULL}), or one random projection uᵀJv per input ({@link #FAST}). */
    public enum Mode { FULL, FAST }

    /** Checks with the default tolerance; throws {@link AssertionError} naming the first mismatch. */
    public static void check(Fn f, Tensor... inputs) {
        check(Tolerance.DEFAULT, f, inputs);
    }

    public static void check(Tolerance tol, Fn f, Tensor... inputs) {
        check(tol, Mode.FULL, f, inputs);
    }

    /**
     * As {@link #check(Tolerance, Fn, Tensor...)}; in {@link Mode#FAST} each input costs one backward
     * and two evaluations instead of one backward per output and two evaluations per input element:
     * uᵀJv (analytic ⟨Jᵀu, v⟩) against uᵀ(f(x + εv) − f(x − εv))/2ε, for random u and v.
     */
    public static void check(Tolerance tol, Mode mode, Fn f, Tensor... inputs) {
        validate(inputs);
        if (mode == Mode.FAST) {
            fast(tol, f, inputs);
            return;
        }
        double[][][] analytic = analytic(f, inputs);
        for (int k = 0; k < inputs.length; k++) {
            if (!inputs[k].requiresGrad()) {
                continue;
            }
            double[][] numeric = numeric(f, inputs, k, tol.eps());
            compare("gradcheck", k, inputs[k], analytic[k], numeric, tol);
        }
    }

    /**
     * Second derivatives, like {@code torch.autograd.gradgradcheck}: for a random output gradient u
     * (seeded), the map (x..., u) ↦ Jₖᵀu of each input k is gradchecked; its analytic Jacobian comes
     * from differentiating the recorded backward pass ({@link CreateGraph#YES}). In a failure message
     * the input after the last of {@code inputs} is u.
     */
    public static void gradgradcheck(Fn f, Tensor... inputs) {
        gradgradcheck(Tolerance.DEFAULT, 0, f, inputs);
    }

    @SuppressWarnings("try") // the scope is the point, not a variable
    public static void gradgradcheck(Tolerance tol, long seed, Fn f, Tensor... inputs) {
        validate(inputs);
        Tensor y;
        try (GradMode ignored = Autograd.noGrad()) {
            y = f.apply(inputs);
        }
        Generator gen = new Generator(seed);
        Tensor u = Tensor.normal(gen, 0, 1, DType.FLOAT64, y.shape()).requiresGrad(true);
        Tensor[] all = Arrays.copyOf(inputs, inputs.length + 1);
        all[inputs.length] = u;
        int n = inputs.length;
        for (int k = 0; k < n; k++) {
            if (!inputs[k].requiresGrad()) {
                continue;
            }
            int input = k;
            Fn gradient = in -> {
                try (GradMode on = Autograd.enableGrad(); HigherOrder scope = Autograd.higherOrder()) {
                    Tensor out = f.apply(Arrays.copyOf(in, n));
                    Tensor g = out.requiresGrad() ? Autograd.grad(List.of(out), List.of(in[input]), List.of(in[n]),
                            GradOptions.CREATE_GRAPH.with(AllowUnused.YES)).get(0) : null;
                    return g != null ? g : Tensor.zeros(DType.FLOAT64, in[input].shape());
                }
            };
            try {
                check(tol, gradient, all);
            } catch (AssertionError e) {
                throw new AssertionError("gradgradcheck: the gradient of input " + k + " (shape "
                        + Shape.str(inputs[k].shape()) + ") for a random output gradient (input " + n + "): "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * The Jacobian by forward mode ({@link Functional#jvp}, one one-hot tangent per input element)
     * against central finite differences, with the same tolerance and failure messages as {@link #check}.
     */
    public static void checkForward(Fn f, Tensor... inputs) {
        checkForward(Tolerance.DEFAULT, f, inputs);
    }

    public static void checkForward(Tolerance tol, Fn f, Tensor... inputs) {
        validate(inputs);
        for (int k = 0; k < inputs.length; k++) {
            if (!inputs[k].requiresGrad()) {
                continue;
            }
            int n = inputs[k].numel();
            double[][] analytic = new double[n][];
            for (int i = 0; i < n; i++) {
                List<Tensor> tangents = new ArrayList<>();
                for (int j = 0; j < inputs.length; j++) {
                    Tensor t = Tensor.zeros(DType.FLOAT64, inputs[j].shape());
                    if (j == k) {
                        double[] v = new double[n];
                        v[i] = 1;
                        t = Tensor.of(v, inputs[j].shape());
                    }
                    tangents.add(t);
                }
                analytic[i] = Functional.jvp(f::apply, List.of(inputs), tangents, CreateGraph.NO).jvp().toDoubleArray();
            }
            compare("gradcheck (forward mode)", k, inputs[k], analytic, numeric(f, inputs, k, tol.eps()), tol);
        }
    }

    @SuppressWarnings("try") // the scope is the point, not a variable
    private static void fast(Tolerance tol, Fn f, Tensor[] inputs) {
        Generator gen = new Generator(0x5eed);
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            if (!x.requiresGrad()) {
                continue;
            }
            Tensor y = f.apply(inputs);
            Tensor u = Tensor.normal(gen, 0, 1, DType.FLOAT64, y.shape());
            Tensor v = Tensor.normal(gen, 0, 1, DType.FLOAT64, x.shape());
            Tensor g = y.requiresGrad() ? Autograd.grad(List.of(y), List.of(x), List.of(u),
                    GradOptions.DEFAULT.with(AllowUnused.YES)).get(0) : null;
            double analytic = g == null ? 0 : dot(g.toDoubleArray(), v.toDoubleArray());
            double[] base = x.toDoubleArray(), dir = v.toDoubleArray(), plus = base.clone(), minus = base.clone();
            for (int i = 0; i < base.length; i++) {
                plus[i] += tol.eps() * dir[i];
                minus[i] -= tol.eps() * dir[i];
            }
            double numeric;
            try (GradMode ignored = Autograd.noGrad()) {
                x.copyFrom(plus);
                double[] fp = f.apply(inputs).toDoubleArray();
                x.copyFrom(minus);
                double[] fm = f.apply(inputs).toDoubleArray();
                x.copyFrom(base);
                double[] uv = u.toDoubleArray();
                numeric = 0;
                for (int j = 0; j < uv.length; j++) {
                    numeric += uv[j] * (fp[j] - fm[j]) / (2 * tol.eps());
                }
            }
            if (!(Math.abs(analytic - numeric) <= tol.atol() + tol.rtol() * Math.abs(numeric))) {
                throw new AssertionError("gradcheck (fast mode): projection uᵀJv mismatch for input " + k + " (shape "
                        + Shape.str(x.shape()) + "): analytic " + analytic + " vs numeric " + numeric + " (|difference| "
                        + Math.abs(analytic - numeric) + " > atol " + tol.atol() + " + rtol " + tol.rtol() + "·|numeric|)");
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void validate(Tensor[] inputs) {
        for (int k = 0; k < inputs.length; k++) {
            if (inputs[k].dtype() != DType.FLOAT64) {
                throw new IllegalArgumentException("gradcheck: input " + k + " is " + inputs[k].dtype()
                        + "; central differences need float64 (in float32 the rounding error of (f(x+ε) − f(x−ε))/2ε is "
                        + "about 1e-1 for ε = 1e-6), so convert inputs with to(DType.FLOAT64)");
            }
            if (!inputs[k].isLeaf()) {
                throw new IllegalArgumentException("gradcheck: input " + k + " must be a leaf tensor (detach it first)");
            }
        }
    }

    /** analytic[input][element][output] from one backward per output element. */
    private static double[][][] analytic(Fn f, Tensor[] inputs) {
        for (Tensor x : inputs) {
            x.setGrad(null);
        }
        Tensor y = f.apply(inputs);
        int ny = y.numel();
        double[][][] jac = new double[inputs.length][][];
        for (int k = 0; k < inputs.length; k++) {
            jac[k] = new double[inputs[k].numel()][ny];
        }
        if (!y.requiresGrad()) {
            return jac;
        }
        for (int j = 0; j < ny; j++) {
            double[] onehot = new double[ny];
            onehot[j] = 1;
            for (Tensor x : inputs) {
                x.setGrad(null);
            }
            y.backward(Tensor.of(onehot, y.dtype(), y.shape()), Graph.RETAIN);
            for (int k = 0; k < inputs.length; k++) {
                Tensor g = inputs[k].grad();
                if (g == null) {
                    continue;
                }
                double[] gv = g.toDoubleArray();
                for (int i = 0; i < gv.length; i++) {
                    jac[k][i][j] = gv[i];
                }
            }
        }
        for (Tensor x : inputs) {
            x.setGrad(null);
        }
        return jac;
    }

    /** numeric[element][output] for input k. */
    @SuppressWarnings("try") // the scope is the point, not a variable
    private static double[][] numeric(Fn f, Tensor[] inputs, int k, double eps) {
        Tensor x = inputs[k];
        double[] base = x.toDoubleArray();
        double[][] jac = new double[base.length][];
        try (GradMode ignored = Autograd.noGrad()) {
            for (int i = 0; i < base.length; i++) {
                double[] plus = evaluate(f, inputs, x, base, i, base[i] + eps);
                double[] minus = evaluate(f, inputs, x, base, i, base[i] - eps);
                jac[i] = new double[plus.length];
                for (int j = 0; j < plus.length; j++) {
                    jac[i][j] = (plus[j] - minus[j]) / (2 * eps);
                }
            }
            x.copyFrom(base);
        }
        return jac;
    }

    private static double[] evaluate(Fn f, Tensor[] inputs, Tensor x, double[] base, int i, double value) {
        double[] v = base.clone();
        v[i] = value;
        x.copyFrom(v);
        return f.apply(inputs).toDoubleArray();
    }

    private static void compare(String what, int k, Tensor x, double[][] analytic, double[][] numeric, Tolerance tol) {
        for (int i = 0; i < analytic.length; i++) {
            for (int j = 0; j < analytic[i].length; j++) {
                double a = analytic[i][j], n = numeric[i][j];
                if (!(Math.abs(a - n) <= tol.atol() + tol.rtol() * Math.abs(n))) {
                    throw new AssertionError(what + ": Jacobian mismatch for input " + k + " (shape " + Shape.str(x.shape())
                            + "), element " + Arrays.toString(unravel(i, x.shape())) + ", output element " + j
                            + ": analytic " + a + " vs numeric " + n + " (|difference| " + Math.abs(a - n)
                            + " > atol " + tol.atol() + " + rtol " + tol.rtol() + "·|numeric|)");
                }
            }
        }
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }
}
