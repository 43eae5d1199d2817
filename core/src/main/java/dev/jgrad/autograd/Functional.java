package dev.jgrad.autograd;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Derivatives of functions rather than of tensors, as {@code torch.func} / {@code jax}: vector-Jacobian
 * and Jacobian-vector products, whole Jacobians (by reverse or forward mode), Hessians and
 * Hessian-vector products.
 *
 * <p>Forward mode is the <em>double-vjp</em> construction, not dual numbers: for y = f(x), the vjp
 * g(u) = Jᵀu is linear in a dummy u, so its own vjp with v is (Jᵀ)ᵀv = Jv. Why: every op then gets
 * forward mode from the reverse rule it already has (dual numbers would need a second, tangent rule
 * per op, written and tested again), at the price of roughly two reverse passes instead of one
 * forward pass. It needs the backward rules to be differentiable in the output gradient, which
 * {@link CreateGraph#YES} provides.
 *
 * <p>Inputs are used as they are; each function differentiates with respect to fresh leaves that
 * share their data, and returns results cut off from the graph unless asked for {@link CreateGraph#YES}.
 * The function is evaluated with recording on and inside {@link Autograd#higherOrder()}.
 */
public final class Functional {
    private Functional() {}

    /** The function being differentiated: tensors in, one tensor out. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor... inputs);
    }

    /** f's value and uᵀJ, one tensor per input. */
    public record Vjp(Tensor output, List<Tensor> vjp) {}

    /** f's value and J·v (the directional derivative along the tangents). */
    public record Jvp(Tensor output, Tensor jvp) {}

    /** Which way a whole Jacobian is built: a row per output element, or a column per input element. */
    public enum Mode { REVERSE, FORWARD }

    /** uᵀ·∂f/∂x for each input; u has f's output shape and dtype. */
    public static Vjp vjp(Fn f, List<Tensor> inputs, Tensor u, CreateGraph createGraph) {
        List<Tensor> xs = leaves(inputs, createGraph);
        Tensor y = evaluate(f, xs);
        checkLike("vjp", "cotangent", u, y, "the output");
        GradOptions opt = new GradOptions(createGraph, Graph.FREE, AllowUnused.YES);
        List<Tensor> g = y.requiresGrad() ? Autograd.grad(List.of(y), xs, List.of(u), opt) : nulls(xs.size());
        List<Tensor> out = new ArrayList<>();
        for (int k = 0; k < xs.size(); k++) {
            out.add(result(g.get(k), xs.get(k), createGraph));
        }
        return new Vjp(result(y, y, createGraph), out);
    }

    /** J·v = Σₖ ∂f/∂xₖ · vₖ, with one tangent per input (same shape and dtype), by double vjp. */
    public static Jvp jvp(Fn f, List<Tensor> inputs, List<Tensor> tangents, CreateGraph createGraph) {
        if (tangents.size() != inputs.size()) {
            throw new IllegalArgumentException("jvp: " + tangents.size() + " tangents for " + inputs.size()
                    + " inputs (pass one per input)");
        }
        for (int k = 0; k < inputs.size(); k++) {
            checkLike("jvp", "tangent " + k, tangents.get(k), inputs.get(k), "input " + k);
        }
        List<Tensor> xs = leaves(inputs, createGraph);
        Tensor y = evaluate(f, xs);
        if (!y.requiresGrad()) {
            return new Jvp(result(y, y, createGraph), Tensor.zeros(y.dtype(), y.shape()));
        }
        Tensor u = Tensor.zeros(y.dtype(), y.shape()).requiresGrad(true);
        List<Tensor> g = Autograd.grad(List.of(y), xs, List.of(u),
                new GradOptions(CreateGraph.YES, Graph.RETAIN, AllowUnused.YES));
        List<Tensor> outs = new ArrayList<>(), seeds = new ArrayList<>();
        for (int k = 0; k < g.size(); k++) {
            if (g.get(k) != null && g.get(k).requiresGrad()) {
                outs.add(g.get(k));
                seeds.add(tangents.get(k));
            }
        }
        Tensor jv = outs.isEmpty() ? null : Autograd.grad(outs, List.of(u), seeds,
                new GradOptions(createGraph, Graph.FREE, AllowUnused.YES)).get(0);
        return new Jvp(result(y, y, createGraph), result(jv, y, createGraph));
    }

    /**
     * ∂f/∂x as a tensor of shape {@code f(x).shape ++ x.shape}: in {@link Mode#REVERSE} one vjp per
     * output element, in {@link Mode#FORWARD} one jvp per input element (cheaper when x is small).
     */
    public static Tensor jacobian(Fn f, Tensor x, Mode mode) {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.FORWARD) {
            int n = x.numel();
            double[][] cols = new double[n][];
            int[] outShape = null;
            for (int i = 0; i < n; i++) {
                Jvp r = jvp(f, List.of(x), List.of(oneHot(x.dtype(), x.shape(), i)), CreateGraph.NO);
                cols[i] = r.jvp().toDoubleArray();
                outShape = r.output().shape();
            }
            if (outShape == null) {
                outShape = evaluate(f, List.of(x.detach())).shape();
            }
            int m = Shape.numel(outShape);
            double[] jac = new double[m * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    jac[j * n + i] = cols[i][j];
                }
            }
            return Tensor.of(jac, x.dtype(), concat(outShape, x.shape()));
        }
        Tensor xl = x.detach().requiresGrad(true);
        Tensor y = evaluate(f, List.of(xl));
        int m = y.numel(), n = x.numel();
        double[] jac = new double[m * n];
        for (int j = 0; j < m && y.requiresGrad(); j++) {
            Tensor row = Autograd.grad(List.of(y), List.of(xl), List.of(oneHot(y.dtype(), y.shape(), j)),
                    new GradOptions(CreateGraph.NO, Graph.RETAIN, AllowUnused.YES)).get(0);
            if (row != null) {
                rowInto(row, jac, j * n);
            }
        }
        return Tensor.of(jac, y.dtype(), concat(y.shape(), x.shape()));
    }

    private static void rowInto(Tensor row, double[] jac, int offset) {
        double[] v = row.toDoubleArray();
        System.arraycopy(v, 0, jac, offset, v.length);
    }

    /** ∂²f/∂x² for a one-element f, of shape {@code x.shape ++ x.shape}: the Jacobian of the gradient. */
    public static Tensor hessian(Fn f, Tensor x) {
        Tensor xl = x.detach().requiresGrad(true);
        Tensor y = scalarOutput("hessian", evaluate(f, List.of(xl)));
        int n = x.numel();
        double[] h = new double[n * n];
        Tensor g = y.requiresGrad() ? Autograd.grad(List.of(y), List.of(xl), null,
                new GradOptions(CreateGraph.YES, Graph.RETAIN, AllowUnused.YES)).get(0) : null;
        for (int j = 0; j < n && g != null && g.requiresGrad(); j++) {
            Tensor row = Autograd.grad(List.of(g), List.of(xl), List.of(oneHot(g.dtype(), g.shape(), j)),
                    new GradOptions(CreateGraph.NO, Graph.RETAIN, AllowUnused.YES)).get(0);
            if (row != null) {
                rowInto(row, h, j * n);
            }
        }
        return Tensor.of(h, x.dtype(), concat(x.shape(), x.shape()));
    }

    /**
     * H·v for a one-element f, without forming H: the gradient of ⟨∇f(x), v⟩, two reverse passes.
     * With {@link CreateGraph#YES} the result stays differentiable (with respect to x if x requires grad).
     */
    public static Tensor hvp(Fn f, Tensor x, Tensor v, CreateGraph createGraph) {
        checkLike("hvp", "vector", v, x, "the input");
        Tensor xl = leaves(List.of(x), createGraph).get(0);
        Tensor y = scalarOutput("hvp", evaluate(f, List.of(xl)));
        if (!y.requiresGrad()) {
            return Tensor.zeros(x.dtype(), x.shape());
        }
        Tensor g = Autograd.grad(List.of(y), List.of(xl), null,
                new GradOptions(CreateGraph.YES, Graph.RETAIN, AllowUnused.YES)).get(0);
        if (g == null || !g.requiresGrad()) {
            return Tensor.zeros(x.dtype(), x.shape());
        }
        Tensor hv = Autograd.grad(List.of(g), List.of(xl), List.of(v),
                new GradOptions(createGraph, Graph.FREE, AllowUnused.YES)).get(0);
        return result(hv, xl, createGraph);
    }

    /** Fresh leaves over the inputs' data; with graph creation, inputs that already require grad stay connected. */
    private static List<Tensor> leaves(List<Tensor> inputs, CreateGraph createGraph) {
        List<Tensor> xs = new ArrayList<>();
        for (Tensor x : inputs) {
            xs.add(createGraph == CreateGraph.YES && x.requiresGrad() ? x : x.detach().requiresGrad(true));
        }
        return xs;
    }

    @SuppressWarnings("try") // the scope is the point, not a variable
    private static Tensor evaluate(Fn f, List<Tensor> xs) {
        try (GradMode on = Autograd.enableGrad(); HigherOrder scope = Autograd.higherOrder()) {
            Tensor y = f.apply(xs.toArray(new Tensor[0]));
            return Objects.requireNonNull(y, "the function returned null");
        }
    }

    private static Tensor scalarOutput(String what, Tensor y) {
        if (y.numel() != 1) {
            throw new IllegalArgumentException(what + ": the function must return one element, got shape "
                    + Shape.str(y.shape()) + " (reduce it, e.g. with sum())");
        }
        return y;
    }

    /** Zeros in place of a null gradient; cut off from the graph unless graph creation was asked for. */
    private static Tensor result(Tensor g, Tensor like, CreateGraph createGraph) {
        if (g == null) {
            return Tensor.zeros(like.dtype(), like.shape());
        }
        return createGraph == CreateGraph.YES ? g : g.detach();
    }

    private static void checkLike(String op, String what, Tensor t, Tensor like, String likeName) {
        Objects.requireNonNull(t, what);
        if (!Arrays.equals(t.shape(), like.shape()) || t.dtype() != like.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " has shape " + Shape.str(t.shape()) + " " + t.dtype()
                    + " but " + likeName + " has " + Shape.str(like.shape()) + " " + like.dtype()
                    + " (they must match in shape and dtype)");
        }
    }

    private static List<Tensor> nulls(int n) {
        return Arrays.asList(new Tensor[n]);
    }

    private static Tensor oneHot(DType dtype, int[] shape, int i) {
        double[] v = new double[Shape.numel(shape)];
        v[i] = 1;
        return Tensor.of(v, dtype, shape);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] s = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, s, a.length, b.length);
        return s;
    }
}
