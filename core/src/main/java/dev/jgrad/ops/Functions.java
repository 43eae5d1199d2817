package dev.jgrad.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.kernel.UnaryOp;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/** Pointwise functions of one tensor. Where the derivative is a function of the output, the output is saved. */
public final class Functions {
    private Functions() {}

    /** eˣ. ∂eˣ/∂x = eˣ (the output). */
    public static Tensor exp(Tensor x) {
        Tensor out = K.unary(UnaryOp.EXP, 0, 0, x);
        return Autograd.record("exp", out, List.of(out), Edge.of(x, g -> g.mul(out)));
    }

    /** ln x. ∂ ln x/∂x = 1/x. */
    public static Tensor log(Tensor x) {
        Tensor out = K.unary(UnaryOp.LOG, 0, 0, x);
        return Autograd.record("log", out, List.of(x), Edge.of(x, g -> g.div(x)));
    }

    /** √x. ∂√x/∂x = 1/(2√x). */
    public static Tensor sqrt(Tensor x) {
        Tensor out = K.unary(UnaryOp.SQRT, 0, 0, x);
        return Autograd.record("sqrt", out, List.of(out), Edge.of(x, g -> g.div(out.mul(2))));
    }

    /** |x|. ∂|x|/∂x = sign(x), taken as 0 at 0 (as PyTorch). */
    public static Tensor abs(Tensor x) {
        Tensor out = K.unary(UnaryOp.ABS, 0, 0, x);
        return Autograd.record("abs", out, List.of(x), Edge.of(x, g -> g.mul(K.unary(UnaryOp.SIGN, 0, 0, x))));
    }

    /** tanh x. ∂ tanh x/∂x = 1 − tanh²x. */
    public static Tensor tanh(Tensor x) {
        Tensor out = K.unary(UnaryOp.TANH, 0, 0, x);
        return Autograd.record("tanh", out, List.of(out), Edge.of(x, g -> g.mul(out.mul(out).neg().add(1))));
    }

    /**
     * σ(x) = 1/(1 + e⁻ˣ). ∂σ/∂x = σ(1 − σ). A primitive rather than a composite of exp and div:
     * for x ≪ 0 the composite's e⁻ˣ overflows to ∞ and its backward yields ∞·0 = NaN.
     */
    public static Tensor sigmoid(Tensor x) {
        Tensor out = K.unary(UnaryOp.SIGMOID, 0, 0, x);
        return Autograd.record("sigmoid", out, List.of(out), Edge.of(x, g -> g.mul(out.mul(out.neg().add(1)))));
    }

    /**
     * max(x, 0). ∂/∂x = 1 where x &gt; 0, else 0 (0 at x = 0, as PyTorch), so the input's gradient is g
     * where out &gt; 0 and 0 elsewhere: one pass over g and out ({@link K#reluBackward}). When the
     * backward pass is recorded ({@code CreateGraph.YES}) the same numbers come from g·[out &gt; 0], a
     * product the next pass can differentiate (with respect to g; the mask is constant).
     */
    public static Tensor relu(Tensor x) {
        Tensor out = K.unary(UnaryOp.RELU, 0, 0, x);
        return Autograd.record("relu", out, List.of(out), Edge.of(x, g -> Autograd.isGradEnabled()
                ? g.mul(out.gt(0)) : K.reluBackward(g, out)));
    }

    /** min(max(x, lo), hi). ∂/∂x = 1 where lo ≤ x ≤ hi, else 0 (PyTorch's convention at the bounds). */
    public static Tensor clamp(Tensor x, double lo, double hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: min " + lo + " must not exceed max " + hi);
        }
        Tensor out = K.unary(UnaryOp.CLAMP, lo, hi, x);
        return Autograd.record("clamp", out, List.of(x), Edge.of(x, g -> g.mul(K.unary(UnaryOp.INSIDE, lo, hi, x))));
    }
}
