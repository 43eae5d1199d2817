package dev.jgrad.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A Linear layer's map, y = x·Wᵀ + b, as one op: PyTorch's {@code F.linear}.
 *
 * <p>It computes exactly what {@code x.matmul(w.t()).add(b)} computes, in one kernel (the bias is the
 * starting value of every sum, see {@code K#linear}) and one graph node, where the
 * composition takes a transpose view, a product and a broadcast add, each with its own output.
 */
public final class Affine {
    private Affine() {}

    /**
     * y = x·Wᵀ + b for x {@code [..., in]}, W {@code [out, in]} (PyTorch's layout) and b {@code [out]} or
     * null; y is {@code [..., out]}. With G = ∂L/∂y (rows of x and y stacked as matrices):
     * <pre>
     *   ∂L/∂x = G·W          [N, out]·[out, in]
     *   ∂L/∂W = Gᵀ·x         [out, N]·[N, in]: in W's own layout, so it is accumulated without a transpose
     *   ∂L/∂b = Σ over rows of G
     * </pre>
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        K.sameDtype("linear", x, w);
        if (b != null) {
            K.sameDtype("linear", x, b);
        }
        if (w.dim() != 2 || x.dim() == 0 || x.size(-1) != w.size(1) || (b != null && (b.dim() != 1 || b.size(0) != w.size(0)))) {
            throw new IllegalArgumentException("linear: input " + Shape.str(x.shape()) + ", weight " + Shape.str(w.shape())
                    + (b == null ? "" : " and bias " + Shape.str(b.shape())) + " do not fit y = x·Wᵀ + b");
        }
        if (x.dim() != 2) {
            int[] lead = Arrays.copyOf(x.shape(), x.dim() - 1);
            int[] outShape = Arrays.copyOf(lead, lead.length + 1);
            outShape[lead.length] = w.size(0);
            return linear(x.reshape(-1, w.size(1)), w, b).reshape(outShape);
        }
        Tensor out = Tensor.zeros(x.dtype(), x.size(0), w.size(0));
        K.linear(x, w, b, out);
        Edge dx = Edge.of(x, g -> MatMul.mm(g, w));
        Edge dw = Edge.of(w, g -> MatMul.mm(g.t(), x));
        if (b == null) {
            return Autograd.record("linear", out, List.of(x, w), dx, dw);
        }
        return Autograd.record("linear", out, List.of(x, w), dx, dw, Edge.of(b, g -> g.sum(0)));
    }
}
