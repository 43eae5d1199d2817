package dev.jgrad.optim.replay;

import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerState;
import dev.jgrad.optim.ParamState;
import dev.jgrad.optim.SOAP;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * SOAP's first eigenbasis where it is not unique. The first step's Gram matrices come from one gradient G, so for a
 * non-square matrix the larger side's (GᵀG of a 4 × 6 G) has rank at most the smaller side and a null space of
 * dimension 2 or more. Every orthonormal basis of an eigenspace of repeated eigenvalues is a correct set of
 * eigenvectors; which one an eigensolver returns is decided by rounding (the recorder's LAPACK and jgrad's Jacobi
 * differ), and SOAP's trajectory depends on it, because Adam's per-coordinate v is not rotation invariant.
 *
 * <p>Where such an eigenspace has dimension 2, the bases that are correct are jgrad's two columns turned by an angle
 * φ (up to signs, which SOAP does not see): one unknown. The replay finds the φ that fits the recorded trajectory
 * best ({@link #fitAngle}) and then requires every recorded value to be within the tolerance, as for any other case.
 * One angle cannot make up for a wrong update rule: it only chooses among bases that are all correct, and a
 * trajectory of 25 steps × every element has far more values than one parameter can fit. Eigenspaces of dimension
 * 3 or more (a rotation with three or more unknowns), and more than one degenerate pair, are not fitted.
 */
final class NullSpaceFit {
    /**
     * Eigenvalues closer than this times the Gram matrix's trace are treated as equal: Jacobi's eigenvalues are
     * accurate to about n·u·‖A‖ (u = 2⁻⁵²), so computed zero eigenvalues of a singular Gram matrix are about 1e-16 of
     * its trace, and distinct ones of the recorded cases are more than 1e-3 apart.
     */
    static final double SAME_EIGENVALUE = 1e-12;

    private NullSpaceFit() {}

    /**
     * Two columns of one block of SOAP's {@code Q} that span an eigenspace of a repeated eigenvalue.
     *
     * @param offset    where the block starts in {@code Q} (and {@code GG})
     * @param d         the block's size
     * @param a         the first column
     * @param b         the second column
     * @param dimension the eigenspace's dimension (only 2 is fitted)
     * @param pairs     how many degenerate eigenspaces the basis has in all (only 1 is fitted)
     */
    record Plane(int offset, int d, int a, int b, int dimension, int pairs) {
        boolean fittable() {
            return dimension == 2 && pairs == 1;
        }

        /** Q[:, (a, b)] ← Q[:, (a, b)]·[[cos φ, −sin φ], [sin φ, cos φ]] within the block. */
        double[] rotate(double[] q, double phi) {
            double[] out = q.clone();
            double c = Math.cos(phi), s = Math.sin(phi);
            for (int r = 0; r < d; r++) {
                double x = q[offset + r * d + a], y = q[offset + r * d + b];
                out[offset + r * d + a] = x * c + y * s;
                out[offset + r * d + b] = -x * s + y * c;
            }
            return out;
        }
    }

    /**
     * The degenerate eigenspace of the basis SOAP has just built for {@code param} (the step that created its
     * {@code Q}), or null if {@code opt} is not SOAP, has no basis yet or every eigenvalue is simple. The eigenvalues
     * are the Rayleigh quotients qᵀ·GG·q of Q's columns.
     */
    static Plane find(Optimizer<?> opt, Tensor param) {
        if (!(opt instanceof SOAP soap)) {
            return null;
        }
        ParamState state = opt.state(param).orElse(null);
        if (state == null || !state.has("Q")) {
            return null;
        }
        double[] q = state.values("Q"), gg = state.values("GG");
        int[] sizes = SOAP.gramSizes(param.shape(), soap.paramGroups().get(0).options());
        List<Plane> found = new ArrayList<>();
        int offset = 0;
        for (int d : sizes) {
            double[] lambda = new double[d];
            double trace = 0;
            for (int i = 0; i < d; i++) {
                trace += gg[offset + i * d + i];
            }
            for (int c = 0; c < d; c++) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        lambda[c] += q[offset + i * d + c] * gg[offset + i * d + j] * q[offset + j * d + c];
                    }
                }
            }
            Integer[] order = new Integer[d];
            for (int c = 0; c < d; c++) {
                order[c] = c;
            }
            Arrays.sort(order, (x, y) -> Double.compare(lambda[x], lambda[y]));
            for (int start = 0, end; start < d; start = end) {   // runs of equal eigenvalues
                end = start + 1;
                while (end < d && lambda[order[end]] - lambda[order[start]] <= SAME_EIGENVALUE * Math.abs(trace)) {
                    end++;
                }
                if (end - start > 1) {
                    int a = Math.min(order[start], order[start + 1]), b = Math.max(order[start], order[start + 1]);
                    found.add(new Plane(offset, d, a, b, end - start, 0));
                }
            }
            offset += d * d;
        }
        if (found.isEmpty()) {
            return null;
        }
        Plane p = found.get(0);
        return new Plane(p.offset(), p.d(), p.a(), p.b(), p.dimension(), found.size());
    }

    /** Turns the plane's two columns of {@code param}'s {@code Q} in {@code opt} by φ, through its state dict. */
    static void rotate(Optimizer<?> opt, Tensor param, Plane plane, double phi) {
        OptimizerState saved = opt.stateDict();
        int index = saved.groups().get(0).params().size() == 1 ? 0 : indexOf(opt, param);
        ParamState s = saved.groups().get(0).params().get(index).state();
        s.put("Q", plane.rotate(s.values("Q"), phi));
        opt.loadStateDict(saved);
    }

    private static int indexOf(Optimizer<?> opt, Tensor param) {
        List<Tensor> params = opt.paramGroups().get(0).params();
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == param) {
                return i;
            }
        }
        throw new IllegalArgumentException("the parameter is not in the optimizer's first group");
    }

    /**
     * The φ in [0, π/2) with the smallest {@code error}(φ): the best of 36 angles 5° apart in [0, π), then
     * golden-section search within 5° of it. A half turn negates both columns and a quarter turn swaps them (and
     * negates one), which only relabels SOAP's coordinates, so φ matters modulo π/2. The error as a function of φ is
     * a narrow valley around the recorder's angle; 36 + 70 evaluations narrow it to about 1e-15 rad.
     */
    static double fitAngle(DoubleUnaryOperator error) {
        double step = Math.PI / 36, best = Double.POSITIVE_INFINITY, bestPhi = 0;
        for (int k = 0; k < 36; k++) {
            double e = error.applyAsDouble(k * step);
            if (e < best) {
                best = e;
                bestPhi = k * step;
            }
        }
        double ratio = (Math.sqrt(5) - 1) / 2, lo = bestPhi - step, hi = bestPhi + step;
        double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
        double fa = error.applyAsDouble(a), fb = error.applyAsDouble(b);
        for (int it = 0; it < 70; it++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - ratio * (hi - lo);
                fa = error.applyAsDouble(a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + ratio * (hi - lo);
                fb = error.applyAsDouble(b);
            }
        }
        double phi = (lo + hi) / 2;
        return phi - Math.PI / 2 * Math.floor(phi / (Math.PI / 2));
    }
}
