package dev.jgrad.ops;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Edge;
import dev.jgrad.kernel.BinaryOp;
import dev.jgrad.kernel.Strided;
import dev.jgrad.kernel.UnaryOp;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Ops that rearrange elements without arithmetic. Most are views (new shape and strides over the
 * same storage); each gradient is the inverse rearrangement of the output's gradient.
 */
public final class Views {
    private Views() {}

    /** Same elements, new shape (one dimension may be −1). A view when the input is contiguous. ∂ = reshape back. */
    public static Tensor reshape(Tensor x, int... shape) {
        int[] target = inferShape(x, shape);
        Tensor src = x.isContiguous() ? x.detach() : copyOf(x);
        Tensor out = src.asStrided(src.offset(), target, Strided.denseStrides(target));
        return Autograd.record("reshape", out, List.of(), Edge.of(x, g -> g.reshape(x.shape())));
    }

    private static int[] inferShape(Tensor x, int[] shape) {
        int[] target = shape.clone();
        int infer = -1, known = 1;
        for (int d = 0; d < target.length; d++) {
            if (target[d] == -1 && infer < 0) {
                infer = d;
            } else if (target[d] < 0) {
                throw invalidShape(shape, x);
            } else {
                known *= target[d];
            }
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0) {
                throw invalidShape(shape, x);
            }
            target[infer] = x.numel() / known;
        }
        if (Shape.numel(target) != x.numel()) {
            throw invalidShape(shape, x);
        }
        return target;
    }

    private static IllegalArgumentException invalidShape(int[] shape, Tensor x) {
        return new IllegalArgumentException("reshape: shape " + Shape.str(shape) + " is invalid for input of shape "
                + Shape.str(x.shape()) + " (" + x.numel() + " elements)");
    }

    /** Swaps two dimensions (a view). ∂ = the same swap of the gradient. */
    public static Tensor transpose(Tensor x, int d0, int d1) {
        int a = Shape.dim("transpose", d0, x.dim()), b = Shape.dim("transpose", d1, x.dim());
        int[] shape = x.shape(), strides = x.strides();
        if (x.dim() > 0) {
            swap(shape, a, b);
            swap(strides, a, b);
        }
        Tensor out = x.asStrided(x.offset(), shape, strides);
        return Autograd.record("transpose", out, List.of(), Edge.of(x, g -> g.transpose(d0, d1)));
    }

    private static void swap(int[] v, int i, int j) {
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }

    /** Matrix transpose; 0-D and 1-D tensors are returned as they are (PyTorch's {@code t()}). */
    public static Tensor t(Tensor x) {
        if (x.dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with <= 2 dimensions, but got " + x.dim()
                + " (shape " + Shape.str(x.shape()) + "); use transpose(d0, d1)");
        }
        return x.dim() < 2 ? x : transpose(x, 0, 1);
    }

    /** Elements {@code start .. start+length-1} of dimension {@code dim} (a view). ∂ = the gradient placed back into zeros. */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = Shape.dim("narrow", dim, x.dim());
        if (x.dim() == 0) {
            throw new IllegalArgumentException("narrow: cannot narrow a 0-dimensional tensor");
        }
        if (start < 0 || length < 0 || start + length > x.size(d)) {
            throw new IllegalArgumentException("narrow: range " + start + " to " + (start + length) + " is out of bounds for dimension "
                    + d + " of size " + x.size(d) + " (shape " + Shape.str(x.shape()) + ")");
        }
        int[] shape = x.shape();
        shape[d] = length;
        Tensor out = x.asStrided(x.offset() + start * x.strides()[d], shape, x.strides());
        return Autograd.record("narrow", out, List.of(), Edge.of(x, g -> placed(g, x.shape(), d, start)));
    }

    /** g placed at {@code start} of dimension d in zeros of {@code shape}: narrow's backward, itself an op (∂ = narrow). */
    private static Tensor placed(Tensor g, int[] shape, int d, int start) {
        Tensor z = Tensor.zeros(g.dtype(), shape);
        int length = g.size(d);
        K.copyInto(g, z.asStrided(z.offset() + start * z.strides()[d], g.shape(), z.strides()));
        return Autograd.record("narrowBackward", z, List.of(), Edge.of(g, gg -> narrow(gg, d, start, length)));
    }

    /** Repeats size-1 dimensions (and adds leading ones) without copying: stride 0. ∂ = sum back to the input shape. */
    public static Tensor expand(Tensor x, int... shape) {
        int lead = shape.length - x.dim();
        if (lead < 0) {
            throw cannotExpand(x, shape);
        }
        int[] target = shape.clone(), strides = new int[shape.length];
        int[] xs = x.shape(), xst = x.strides();
        for (int d = 0; d < shape.length; d++) {
            if (d < lead) {
                if (target[d] < 0) {
                    throw cannotExpand(x, shape);
                }
                continue;
            }
            int have = xs[d - lead];
            if (target[d] == -1) {
                target[d] = have;
            }
            if (have == target[d]) {
                strides[d] = xst[d - lead];
            } else if (have != 1) {
                throw cannotExpand(x, shape);
            }
        }
        if (Arrays.equals(target, xs)) {
            return x;
        }
        Tensor out = x.asStrided(x.offset(), target, strides);
        return Autograd.record("expand", out, List.of(), Edge.of(x, g -> Reduce.sumTo(g, xs)));
    }

    private static IllegalArgumentException cannotExpand(Tensor x, int[] shape) {
        return new IllegalArgumentException("expand: shape " + Shape.str(x.shape()) + " cannot be expanded to " + Shape.str(shape));
    }

    /** Inserts a size-1 dimension at {@code dim}. */
    public static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shape.dim("unsqueeze", dim, x.dim() + 1);
        int[] s = x.shape(), shape = new int[s.length + 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            shape[i] = i == d ? 1 : s[j++];
        }
        return reshape(x, shape);
    }

    /** Removes dimension {@code dim} if its size is 1; otherwise returns the input (as PyTorch). */
    public static Tensor squeeze(Tensor x, int dim) {
        if (x.dim() == 0) {
            return x;
        }
        int d = Shape.dim("squeeze", dim, x.dim());
        if (x.size(d) != 1) {
            return x;
        }
        int[] s = x.shape(), shape = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i != d) {
                shape[j++] = s[i];
            }
        }
        return reshape(x, shape);
    }

    /** The input if already contiguous, else {@link #copy}. */
    public static Tensor contiguous(Tensor x) {
        return x.isContiguous() ? x : copy(x);
    }

    /** A dense copy in new storage. ∂ = identity. */
    public static Tensor copy(Tensor x) {
        Tensor out = copyOf(x);
        return Autograd.record("copy", out, List.of(), Edge.of(x, g -> g));
    }

    /** Conversion to another dtype. ∂ = the gradient converted back. */
    public static Tensor to(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Tensor out = Tensor.zeros(dtype, x.shape());
        K.copyInto(x, out);
        return Autograd.record("to", out, List.of(), Edge.of(x, g -> g.to(x.dtype())));
    }

    private static Tensor copyOf(Tensor x) {
        Tensor out = Tensor.zeros(x.dtype(), x.shape());
        K.copyInto(x, out);
        return out;
    }

    // In-place writes used by Tensor's *InPlace methods: no graph, the caller bumps the version.

    public static void writeBinaryInPlace(BinaryOp op, Tensor dst, Tensor src) {
        K.sameDtype(op.name().toLowerCase() + "InPlace", dst, src);
        checkBroadcastsTo(op.name().toLowerCase() + "InPlace", src, dst);
        K.binaryInto(op, dst, src, dst);
    }

    public static void writeUnaryInPlace(UnaryOp op, double p, Tensor dst) {
        K.unaryInto(op, p, 0, dst, dst);
    }

    public static void copyInto(Tensor src, Tensor dst) {
        checkBroadcastsTo("copyFrom", src, dst);
        K.copyInto(src, dst);
    }

    /** {@code t}'s values in row-major order into {@code dst} (length = numel): a door for {@code Tensor}. */
    public static void copyOut(Tensor t, float[] dst) {
        K.copyOut(t, dst);
    }

    public static void copyOut(Tensor t, double[] dst) {
        K.copyOut(t, dst);
    }

    /**
     * Row-major values from {@code src[offset .. offset + numel)} into {@code t}'s elements, in place
     * (a door for {@code Tensor}, which checks the range first).
     */
    public static void copyIn(float[] src, int offset, Tensor t) {
        K.copyIn(src, offset, t);
    }

    public static void copyIn(double[] src, int offset, Tensor t) {
        K.copyIn(src, offset, t);
    }

    private static void checkBroadcastsTo(String op, Tensor src, Tensor dst) {
        if (!Arrays.equals(Shape.broadcast(op, dst.shape(), src.shape()), dst.shape())) {
            throw new IllegalArgumentException(op + ": shape " + Shape.str(src.shape()) + " cannot be broadcast to "
                    + Shape.str(dst.shape()));
        }
    }
}
