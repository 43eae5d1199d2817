package dev.jgrad.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.kernel.BinaryOp;
import dev.jgrad.kernel.UnaryOp;
import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * Arithmetic with broadcasting. When an input was broadcast, its gradient is summed back to its own
 * shape ({@link Reduce#sumTo}): every copy of the input received a share of the output's gradient.
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** a + b. ∂/∂a = 1, ∂/∂b = 1. */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = K.binary(BinaryOp.ADD, "add", a, b);
        return Autograd.record("add", out, List.of(),
                Edge.of(a, g -> Reduce.sumTo(g, a.shape())),
                Edge.of(b, g -> Reduce.sumTo(g, b.shape())));
    }

    /** a − b. ∂/∂a = 1, ∂/∂b = −1. */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = K.binary(BinaryOp.SUB, "sub", a, b);
        return Autograd.record("sub", out, List.of(),
                Edge.of(a, g -> Reduce.sumTo(g, a.shape())),
                Edge.of(b, g -> Reduce.sumTo(g.neg(), b.shape())));
    }

    /** a · b (elementwise). ∂(a·b)/∂a = b, ∂(a·b)/∂b = a. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = K.binary(BinaryOp.MUL, "mul", a, b);
        return Autograd.record("mul", out, List.of(a, b),
                Edge.of(a, g -> Reduce.sumTo(g.mul(b), a.shape())),
                Edge.of(b, g -> Reduce.sumTo(g.mul(a), b.shape())));
    }

    /** a / b. ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b². */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = K.binary(BinaryOp.DIV, "div", a, b);
        return Autograd.record("div", out, List.of(a, b),
                Edge.of(a, g -> Reduce.sumTo(g.div(b), a.shape())),
                Edge.of(b, g -> Reduce.sumTo(g.mul(a).div(b.mul(b)).neg(), b.shape())));
    }

    /** −a. ∂(−a)/∂a = −1. */
    public static Tensor neg(Tensor a) {
        Tensor out = K.unary(UnaryOp.NEG, 0, 0, a);
        return Autograd.record("neg", out, List.of(), Edge.of(a, Tensor::neg));
    }

    /** aᵖ for a constant exponent p. ∂(aᵖ)/∂a = p·aᵖ⁻¹. */
    public static Tensor pow(Tensor a, double p) {
        Tensor out = K.unary(UnaryOp.POW, p, 0, a);
        return Autograd.record("pow", out, List.of(a),
                Edge.of(a, g -> g.mul(a.pow(p - 1)).mul(p)));
    }

    /**
     * max(a, b) elementwise. ∂/∂a = 1 where a &gt; b, ½ where a = b, else 0 (and symmetrically for b):
     * on ties the gradient is split evenly, as in PyTorch.
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = K.binary(BinaryOp.MAX, "maximum", a, b);
        return Autograd.record("maximum", out, List.of(a, b),
                Edge.of(a, g -> Reduce.sumTo(g.mul(share(a, b)), a.shape())),
                Edge.of(b, g -> Reduce.sumTo(g.mul(share(b, a)), b.shape())));
    }

    /** min(a, b) = −max(−a, −b); the gradient follows from {@link #maximum} and {@link #neg}. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return maximum(a.neg(), b.neg()).neg();
    }

    /** 1 where x wins, ½ on a tie, 0 where it loses. */
    private static Tensor share(Tensor x, Tensor y) {
        return x.gt(y).add(x.eq(y).mul(0.5));
    }
}
