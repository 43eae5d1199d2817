package dev.jgrad.learn;

import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Contour lines of a {@link Surface} by marching squares: sample f on a grid, and in every grid
 * cell whose corners straddle a level, draw the segment where the bilinear interpolation of the
 * corner values crosses it.
 */
final class Contours {
    private Contours() {}

    /** Line segments at one level, as polylines broken by NaN in y (how XChart draws gaps). */
    record Level(double level, double[] xs, double[] ys) {}

    /** f on an n×n grid over the view: {@code f[i][j]} at x = xs[i], y = ys[j]. */
    record Grid(double[] xs, double[] ys, double[][] f) {}

    static Grid sample(Surface s, int n) {
        double[] v = s.view();
        double[] xs = linspace(v[0], v[1], n), ys = linspace(v[2], v[3], n);
        double[] gx = new double[n * n], gy = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                gx[i * n + j] = xs[i];
                gy[i * n + j] = ys[j];
            }
        }
        // One call over all grid points: the same formula the optimizers' gradients come from.
        double[] values = s.value(Tensor.of(gx, n * n), Tensor.of(gy, n * n)).toDoubleArray();
        double[][] f = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(values, i * n, f[i], 0, n);
        }
        return new Grid(xs, ys, f);
    }

    /**
     * {@code count} levels at quantiles of the sampled values: squared quantiles when f is bounded
     * below, so lines crowd near the minimum where the paths end, evenly spaced ones otherwise.
     */
    static double[] levels(Grid g, int count, boolean boundedBelow) {
        double[] all = Arrays.stream(g.f()).flatMapToDouble(Arrays::stream).sorted().toArray();
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            double q = (k + 0.5) / count;
            if (boundedBelow) {
                q = q * q;
            }
            out[k] = all[(int) Math.min(all.length - 1, Math.round(q * (all.length - 1)))];
        }
        return Arrays.stream(out).distinct().toArray();
    }

    static List<Level> trace(Grid g, double[] levels) {
        List<Level> out = new ArrayList<>();
        for (double level : levels) {
            out.add(trace(g, level));
        }
        return out;
    }

    private static Level trace(Grid g, double level) {
        double[] xs = g.xs(), ys = g.ys();
        double[][] f = g.f();
        List<double[]> segs = new ArrayList<>();
        for (int i = 0; i + 1 < xs.length; i++) {
            for (int j = 0; j + 1 < ys.length; j++) {
                double a = f[i][j], b = f[i + 1][j], c = f[i + 1][j + 1], d = f[i][j + 1]; // counter-clockwise
                int mask = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
                if (mask == 0 || mask == 15) {
                    continue;
                }
                // Crossing points on the four edges: bottom (a-b), right (b-c), top (d-c), left (a-d).
                double[] bottom = {lerp(xs[i], xs[i + 1], a, b, level), ys[j]};
                double[] right = {xs[i + 1], lerp(ys[j], ys[j + 1], b, c, level)};
                double[] top = {lerp(xs[i], xs[i + 1], d, c, level), ys[j + 1]};
                double[] left = {xs[i], lerp(ys[j], ys[j + 1], a, d, level)};
                boolean centreAbove = (a + b + c + d) / 4 >= level;
                switch (mask) {
                    case 1, 14 -> segs.add(seg(left, bottom));
                    case 2, 13 -> segs.add(seg(bottom, right));
                    case 3, 12 -> segs.add(seg(left, right));
                    case 4, 11 -> segs.add(seg(right, top));
                    case 6, 9 -> segs.add(seg(bottom, top));
                    case 7, 8 -> segs.add(seg(left, top));
                    case 5 -> { // a and c above: the saddle cell is resolved by the centre value
                        if (centreAbove) { segs.add(seg(left, top)); segs.add(seg(bottom, right)); }
                        else { segs.add(seg(left, bottom)); segs.add(seg(right, top)); }
                    }
                    case 10 -> { // b and d above
                        if (centreAbove) { segs.add(seg(left, bottom)); segs.add(seg(right, top)); }
                        else { segs.add(seg(left, top)); segs.add(seg(bottom, right)); }
                    }
                    default -> throw new AssertionError(mask);
                }
            }
        }
        double[] x = new double[segs.size() * 3], y = new double[segs.size() * 3];
        for (int k = 0; k < segs.size(); k++) {
            double[] s = segs.get(k);
            x[3 * k] = s[0];
            y[3 * k] = s[1];
            x[3 * k + 1] = s[2];
            y[3 * k + 1] = s[3];
            x[3 * k + 2] = s[2];
            y[3 * k + 2] = Double.NaN; // pen up
        }
        return new Level(level, x, y);
    }

    private static double[] seg(double[] p, double[] q) {
        return new double[] {p[0], p[1], q[0], q[1]};
    }

    /** Where between p (value fp) and q (value fq) the linear interpolation reaches {@code level}. */
    private static double lerp(double p, double q, double fp, double fq, double level) {
        double t = fq == fp ? 0.5 : (level - fp) / (fq - fp);
        return p + t * (q - p);
    }

    static double[] linspace(double lo, double hi, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = lo + (hi - lo) * i / (n - 1);
        }
        return out;
    }
}
