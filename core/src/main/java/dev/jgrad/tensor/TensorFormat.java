package dev.jgrad.tensor;

import java.util.Locale;

/**
 * Prints like PyTorch: nested brackets, one common width, 4 decimals (scientific notation when the
 * magnitudes make fixed notation unreadable), and "..." summaries beyond 1000 elements.
 */
final class TensorFormat {
    private static final int SUMMARY_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        double[] v = t.toDoubleArray();
        int[] shape = t.shape();
        boolean summarize = v.length > SUMMARY_THRESHOLD;
        String pattern = pattern(v);
        int width = 0;
        for (double x : v) {
            width = Math.max(width, fmt(pattern, x).length());
        }
        StringBuilder sb = new StringBuilder("tensor(");
        if (shape.length == 0) {
            sb.append(fmt(pattern, v[0]));
        } else {
            appendDim(sb, v, shape, 0, 0, pattern, width, summarize, "tensor(".length());
        }
        sb.append(", shape=").append(Shape.str(shape)).append(", dtype=").append(t.dtype());
        if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        if (t.gradFn() != null) {
            sb.append(", gradFn=").append(t.gradFn());
        }
        return sb.append(')').toString();
    }

    private static String pattern(double[] v) {
        double maxAbs = 0, minAbs = Double.POSITIVE_INFINITY;
        boolean allInts = true;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                continue;
            }
            double a = Math.abs(x);
            maxAbs = Math.max(maxAbs, a);
            if (a > 0) {
                minAbs = Math.min(minAbs, a);
            }
            if (x != Math.rint(x)) {
                allInts = false;
            }
        }
        if (allInts && maxAbs < 1e8) {
            return "%.0f.";
        }
        if (maxAbs >= 1e8 || (minAbs < 1e-4 && maxAbs / minAbs > 1e3)) {
            return "%.4e";
        }
        return "%.4f";
    }

    private static String fmt(String pattern, double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, pattern, x);
    }

    private static void appendDim(StringBuilder sb, double[] v, int[] shape, int dim, int base,
                                  String pattern, int width, boolean summarize, int indent) {
        int n = shape[dim];
        int block = 1;
        for (int d = dim + 1; d < shape.length; d++) {
            block *= shape[d];
        }
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(dim == shape.length - 1 ? "..." : "...");
                sb.append(dim == shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
                i = n - EDGE_ITEMS - 1;
                continue;
            }
            if (dim == shape.length - 1) {
                String s = fmt(pattern, v[base + i]);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                appendDim(sb, v, shape, dim + 1, base + i * block, pattern, width, summarize, indent);
            }
            if (i < n - 1) {
                if (dim == shape.length - 1) {
                    sb.append(", ");
                } else {
                    sb.append(",").append("\n".repeat(shape.length - dim - 1)).append(" ".repeat(indent + dim + 1));
                }
            }
        }
        sb.append(']');
    }
}
