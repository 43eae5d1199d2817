package dev.jgrad.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Matrix products. Two primitives, {@link #mm} (2-D) and {@link #bmm} (batched 3-D); {@link #matmul}
 * reduces PyTorch's other cases (vectors, broadcast batch dimensions) to them with views.
 */
public final class MatMul {
    private MatMul() {}

    /**
     * C = A·B for A m×k, B k×n. ∂L/∂A = ∂L/∂C · Bᵀ, ∂L/∂B = Aᵀ · ∂L/∂C. The transposes are views:
     * the kernel reads them through their strides.
     */
    public static Tensor mm(Tensor a, Tensor b) {
        K.sameDtype("matmul", a, b);
        if (a.dim() != 2 || b.dim() != 2 || a.size(1) != b.size(0)) {
            throw cannotMultiply(a, b);
        }
        Tensor out = Tensor.zeros(a.dtype(), a.size(0), b.size(1));
        K.gemm(a, b, out, 0);
        return Autograd.record("mm", out, List.of(a, b),
                Edge.of(a, g -> mm(g, b.t())),
                Edge.of(b, g -> mm(a.t(), g)));
    }

    /** C[i] = A[i]·B[i] for every batch index i; the gradients are {@link #mm}'s, batch by batch. */
    public static Tensor bmm(Tensor a, Tensor b) {
        K.sameDtype("matmul", a, b);
        if (a.dim() != 3 || b.dim() != 3 || a.size(0) != b.size(0) || a.size(2) != b.size(1)) {
            throw cannotMultiply(a, b);
        }
        int batch = a.size(0), m = a.size(1), n = b.size(2);
        Tensor out = Tensor.zeros(a.dtype(), batch, m, n);
        for (int i = 0; i < batch; i++) {
            K.gemm(select(a, i), select(b, i), out, i * m * n);
        }
        return Autograd.record("bmm", out, List.of(a, b),
                Edge.of(a, g -> bmm(g, b.transpose(1, 2))),
                Edge.of(b, g -> bmm(a.transpose(1, 2), g)));
    }

    /**
     * PyTorch's {@code matmul}: 1-D·1-D is a dot product; a 1-D left (right) operand acts as a row
     * (column) and that dimension is removed from the result; beyond 2-D, leading dimensions are
     * batch dimensions and broadcast.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.dim() == 0 || b.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got shapes "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        if (a.dim() <= 2 && b.dim() <= 2) {
            Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a;
            Tensor b2 = b.dim() == 1 ? b.unsqueeze(1) : b;
            if (a2.size(1) != b2.size(0)) {
                throw cannotMultiply(a, b);
            }
            Tensor c = mm(a2, b2);
            if (b.dim() == 1) {
                c = c.squeeze(1);
            }
            if (a.dim() == 1) {
                c = c.squeeze(0);
            }
            return c;
        }
        Tensor a3 = a.dim() == 1 ? a.unsqueeze(0) : a;
        Tensor b3 = b.dim() == 1 ? b.unsqueeze(1) : b;
        int[] as = a3.shape(), bs = b3.shape();
        int m = as[as.length - 2], k = as[as.length - 1], k2 = bs[bs.length - 2], n = bs[bs.length - 1];
        if (k != k2) {
            throw cannotMultiply(a, b);
        }
        int[] batch;
        try {
            batch = Shape.broadcast("matmul", Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        } catch (IllegalArgumentException e) {
            throw cannotMultiply(a, b);
        }
        int nb = Shape.numel(batch);
        Tensor c = bmm(a3.expand(concat(batch, m, k)).reshape(nb, m, k), b3.expand(concat(batch, k, n)).reshape(nb, k, n))
                .reshape(concat(batch, m, n));
        if (b.dim() == 1) {
            c = c.squeeze(-1);
        }
        if (a.dim() == 1) {
            c = c.squeeze(-2);
        }
        return c;
    }

    private static Tensor select(Tensor t, int i) {
        int[] st = t.strides();
        return t.asStrided(t.offset() + i * st[0], new int[] {t.size(1), t.size(2)}, new int[] {st[1], st[2]});
    }

    private static int[] concat(int[] batch, int r, int c) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = r;
        s[batch.length + 1] = c;
        return s;
    }

    private static IllegalArgumentException cannotMultiply(Tensor a, Tensor b) {
        return new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape())
                + " cannot be multiplied");
    }
}
