package dev.jgrad.nn.loss;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

/**
 * The reduction step shared by the class-index losses, which compute one loss per row by hand:
 * forward combines the rows, backward tells each row how much of the output gradient it receives.
 */
final class RowReduction {
    private RowReduction() {}

    /**
     * The reduced output. A mean divides by the rows that were not ignored (PyTorch's rule); with
     * every row ignored that is 0/0 = NaN, as in PyTorch.
     */
    static Tensor output(double[] rowLoss, ClassTargets t, Reduction reduction, DType dtype) {
        return switch (reduction) {
            case NONE -> t.batched() ? Tensor.of(rowLoss, dtype, rowLoss.length) : Tensor.scalar(rowLoss[0], dtype);
            case SUM -> Tensor.scalar(sum(rowLoss), dtype);
            case MEAN -> Tensor.scalar(sum(rowLoss) / t.keptRows(), dtype);
        };
    }

    /** ∂output/∂rowLoss[i] times the output's gradient {@code g}, for every row. */
    static double[] rowWeights(Tensor g, ClassTargets t, Reduction reduction) {
        double[] gv = g.toDoubleArray();
        double[] w = new double[t.rows()];
        for (int i = 0; i < w.length; i++) {
            if (t.ignored(i)) {
                continue;
            }
            w[i] = switch (reduction) {
                case NONE -> gv[i];
                case SUM -> gv[0];
                case MEAN -> gv[0] / t.keptRows();
            };
        }
        return w;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
