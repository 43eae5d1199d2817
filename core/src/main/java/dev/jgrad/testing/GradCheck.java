package dev.jgrad.testing;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Graph;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;

/**
 * Compares autograd's Jacobian with central finite differences, like {@code torch.autograd.gradcheck}.
 *
 * <p>Row j of the analytic Jacobian is one backward pass with a one-hot output gradient; column i of
 * the numeric one is (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε. Every entry must satisfy
 * |analytic − numeric| ≤ atol + rtol·|numeric|. Central differences have O(ε²) truncation error
 * and O(u/ε) rounding error (u = unit roundoff); with float64 (u ≈ 1e−16) and ε = 1e−6 both are
 * far below the tolerance, with float32 (u ≈ 6e−8) rounding alone is ~0.06, so float32 inputs are refused.
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
            if (!(eps > 0)) throw new IllegalArgumentException("gradcheck: eps must be > 0, got " + eps);
            if (!(atol >= 0) || !(rtol >= 0)) throw new IllegalArgumentException("gradcheck: atol and rtol must be >= 0");
        }
    }

    /** Checks with the default tolerance; throws {@link AssertionError} naming the first mismatch. */
    public static void check(Fn f, Tensor... inputs) {
        check(Tolerance.DEFAULT, f, inputs);
    }

    public static void check(Tolerance tol, Fn f, Tensor... inputs) {
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
        double[][][] analytic = analytic(f, inputs);
        for (int k = 0; k < inputs.length; k++) {
            if (!inputs[k].requiresGrad()) continue;
            double[][] numeric = numeric(f, inputs, k, tol.eps());
            compare(k, inputs[k], analytic[k], numeric, tol);
        }
    }

    /** analytic[input][element][output] from one backward per output element. */
    private static double[][][] analytic(Fn f, Tensor[] inputs) {
        for (Tensor x : inputs) x.setGrad(null);
        Tensor y = f.apply(inputs);
        int ny = y.numel();
        double[][][] jac = new double[inputs.length][][];
        for (int k = 0; k < inputs.length; k++) jac[k] = new double[inputs[k].numel()][ny];
        if (!y.requiresGrad()) return jac;
        for (int j = 0; j < ny; j++) {
            double[] onehot = new double[ny];
            onehot[j] = 1;
            for (Tensor x : inputs) x.setGrad(null);
            y.backward(Tensor.of(onehot, y.dtype(), y.shape()), Graph.RETAIN);
            for (int k = 0; k < inputs.length; k++) {
                Tensor g = inputs[k].grad();
                if (g == null) continue;
                double[] gv = g.toDoubleArray();
                for (int i = 0; i < gv.length; i++) jac[k][i][j] = gv[i];
            }
        }
        for (Tensor x : inputs) x.setGrad(null);
        return jac;
    }

    /** numeric[element][output] for input k. */
    private static double[][] numeric(Fn f, Tensor[] inputs, int k, double eps) {
        Tensor x = inputs[k];
        double[] base = x.toDoubleArray();
        double[][] jac = new double[base.length][];
        try (GradMode ignored = Autograd.noGrad()) {
            for (int i = 0; i < base.length; i++) {
                double[] plus = evaluate(f, inputs, x, base, i, base[i] + eps);
                double[] minus = evaluate(f, inputs, x, base, i, base[i] - eps);
                jac[i] = new double[plus.length];
                for (int j = 0; j < plus.length; j++) jac[i][j] = (plus[j] - minus[j]) / (2 * eps);
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

    private static void compare(int k, Tensor x, double[][] analytic, double[][] numeric, Tolerance tol) {
        for (int i = 0; i < analytic.length; i++) {
            for (int j = 0; j < analytic[i].length; j++) {
                double a = analytic[i][j], n = numeric[i][j];
                if (!(Math.abs(a - n) <= tol.atol() + tol.rtol() * Math.abs(n))) {
                    throw new AssertionError("gradcheck: Jacobian mismatch for input " + k + " (shape " + Shape.str(x.shape())
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
