package dev.jgrad.optim;

/**
 * The strong Wolfe line search of {@link LBFGS} (Nocedal &amp; Wright, "Numerical Optimization", 2nd ed.,
 * algorithms 3.5 and 3.6), in the form PyTorch 1.13 uses (minFunc's {@code WolfeLineSearch}, via Lua torch's
 * {@code lswolfe}): along the direction d from θ, find a step t with
 * <pre>
 *   sufficient decrease (Armijo):  f(θ + t·d) ≤ f(θ) + c₁·t·gᵀd
 *   curvature (strong):            |∇f(θ + t·d)ᵀd| ≤ −c₂·gᵀd
 * </pre>
 * with c₁ = 1e-4, c₂ = 0.9, in at most 1 + max_ls = 26 evaluations (the first step, then at most 25 more).
 * First a bracket [t_lo, t_hi] containing such a step is found by growing t (cubic extrapolation, at most ×10 per
 * try); then the bracket is shrunk (cubic interpolation, kept at least 10% away from its ends) until a point
 * satisfies both conditions or the bracket is shorter than tolerance_change (measured along d's largest
 * element). {@link LBFGS} always uses the search's default {@link #TOLERANCE_CHANGE}, as PyTorch 1.13's
 * {@code LBFGS.step} does: it does not pass the group's tolerance_change on.
 */
final class StrongWolfe {
    private static final double C1 = 1e-4, C2 = 0.9;
    /** Evaluations after the first: PyTorch's max_ls. */
    private static final int MAX_LS = 25;
    /** PyTorch's default tolerance_change of {@code _strong_wolfe}, the one {@code LBFGS.step} leaves in place. */
    static final double TOLERANCE_CHANGE = 1e-9;

    /** f and ∇f at θ + t·d; θ itself is left unchanged by the caller. */
    @FunctionalInterface
    interface Objective {
        Point at(double t);
    }

    /** A function value and its gradient. */
    record Point(double f, double[] g) {}

    /** The accepted step t with f and ∇f there, and how many evaluations the search made. */
    record Result(double f, double[] g, double t, int evaluations) {}

    private StrongWolfe() {}

    /** Searches from step {@code t}, a plain number, along {@code d}; {@code f}, {@code g}, {@code gtd} = gᵀd are at t = 0. */
    static Result search(Objective phi, double t, double[] d, double f, double[] g, double gtd, double toleranceChange) {
        return search(phi, t, false, d, f, g, gtd, toleranceChange);
    }

    /**
     * As {@link #search(Objective, double, double[], double, double[], double, double)}, where {@code tTensor} says
     * whether PyTorch holds the first step as a 0-dim tensor rather than a Python float. The search tracks that for
     * every step it makes, because it changes one rounding: PyTorch divides a float by a tensor as the float times
     * the tensor's reciprocal ({@code Tensor.__rtruediv__}), two roundings instead of one, in the cubic's
     * 3(f₁ − f₂)/(x₁ − x₂). A cubic step is always a tensor (it is computed from the slopes gᵀd, which are).
     */
    static Result search(Objective phi, double t, boolean tTensor, double[] d, double f, double[] g, double gtd,
                         double toleranceChange) {
        double dNorm = LBFGS.maxAbs(d);
        Point p = phi.at(t);
        int evals = 1;
        double gtdNew = LBFGS.dot(p.g(), d);
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        boolean tT = tTensor, tPrevT = false;   // whether t and t_prev are tensors in PyTorch
        double[] gPrev = g;
        // bracketing phase: lo/hi are the two ends once found; done means t itself satisfies both conditions
        double[] bt = null, bf = null, bgtd = null;
        boolean[] btT = null;
        double[][] bg = null;
        boolean done = false;
        int lsIter = 0;
        while (lsIter < MAX_LS) {
            if (p.f() > f + C1 * t * gtd || (lsIter > 1 && p.f() >= fPrev)) {
                bt = new double[] {tPrev, t};
                btT = new boolean[] {tPrevT, tT};
                bf = new double[] {fPrev, p.f()};
                bg = new double[][] {gPrev, p.g()};
                bgtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bt = new double[] {t};
                bf = new double[] {p.f()};
                bg = new double[][] {p.g()};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bt = new double[] {tPrev, t};
                btT = new boolean[] {tPrevT, tT};
                bf = new double[] {fPrev, p.f()};
                bg = new double[][] {gPrev, p.g()};
                bgtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10;   // extrapolate, at most ten times further
            Cubic next = cubicStep(tPrev, fPrev, gtdPrev, t, p.f(), gtdNew, tPrevT || tT, minStep, tPrevT || tT,
                    maxStep, tT);
            tPrev = t;
            tPrevT = tT;
            t = next.x();
            tT = next.tensor();
            fPrev = p.f();
            gPrev = p.g();
            gtdPrev = gtdNew;
            p = phi.at(t);
            evals++;
            gtdNew = LBFGS.dot(p.g(), d);
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            bt = new double[] {0, t};
            btT = new boolean[] {false, tT};
            bf = new double[] {f, p.f()};
            bg = new double[][] {g, p.g()};
        }
        // zoom phase: shrink [lo, hi] until a point satisfies both conditions
        boolean insufficientProgress = false;
        int lo = bf[0] <= bf[bf.length - 1] ? 0 : 1, hi = 1 - lo;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bt[1] - bt[0]) * dNorm < toleranceChange) {
                break;   // the bracket is too small to matter
            }
            boolean firstLower = bt[0] <= bt[1], eitherT = btT[0] || btT[1];
            Cubic next = cubicStep(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1], eitherT,
                    firstLower ? bt[0] : bt[1], firstLower ? btT[0] : btT[1],
                    firstLower ? bt[1] : bt[0], firstLower ? btT[1] : btT[0]);
            t = next.x();
            boolean tIsTensor = next.tensor();
            double top = Math.max(bt[0], bt[1]), bottom = Math.min(bt[0], bt[1]);
            double eps = 0.1 * (top - bottom);
            if (Math.min(top - t, t - bottom) < eps) {   // too close to an end: progress would be slow
                if (insufficientProgress || t >= top || t <= bottom) {
                    t = Math.abs(t - top) < Math.abs(t - bottom) ? top - eps : bottom + eps;
                    tIsTensor = eitherT;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            p = phi.at(t);
            evals++;
            gtdNew = LBFGS.dot(p.g(), d);
            lsIter++;
            if (p.f() > f + C1 * t * gtd || p.f() >= bf[lo]) {   // not sufficiently lower: the new high end
                bt[hi] = t;
                btT[hi] = tIsTensor;
                bf[hi] = p.f();
                bg[hi] = p.g();
                bgtd[hi] = gtdNew;
                lo = bf[0] <= bf[1] ? 0 : 1;
                hi = 1 - lo;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;   // both conditions hold
                } else if (gtdNew * (bt[hi] - bt[lo]) >= 0) {
                    bt[hi] = bt[lo];   // the old low end becomes the high end
                    btT[hi] = btT[lo];
                    bf[hi] = bf[lo];
                    bg[hi] = bg[lo];
                    bgtd[hi] = bgtd[lo];
                }
                bt[lo] = t;   // the new point is the low end
                btT[lo] = tIsTensor;
                bf[lo] = p.f();
                bg[lo] = p.g();
                bgtd[lo] = gtdNew;
            }
        }
        return new Result(bf[lo], bg[lo], bt[lo], evals);
    }

    /**
     * The minimiser of the cubic through (x₁, f₁) and (x₂, f₂) with slopes g₁ and g₂, clamped to
     * [lower, upper]; the interval's midpoint when the cubic has no real minimiser:
     * <pre>
     *   d₁ = g₁ + g₂ − 3(f₁ − f₂)/(x₁ − x₂),  d₂ = √(d₁² − g₁g₂)
     *   x  = x₂ − (x₂ − x₁)·(g₂ + d₂ − d₁)/(g₂ − g₁ + 2d₂)       (x₁ ≤ x₂; mirrored otherwise)
     * </pre>
     */
    static double cubicMinimum(double x1, double f1, double g1, double x2, double f2, double g2,
                               double lower, double upper) {
        return cubicStep(x1, f1, g1, x2, f2, g2, false, lower, false, upper, false).x();
    }

    /** A step of the search, and whether PyTorch holds it as a tensor. */
    record Cubic(double x, boolean tensor) {}

    /**
     * {@link #cubicMinimum} as PyTorch's search computes it: {@code xTensor} says the x's are tensors while the f's
     * are floats, so 3(f₁ − f₂)/(x₁ − x₂) is 3(f₁ − f₂)·(1/(x₁ − x₂)); the clamp is Python's min(max(x, lower),
     * upper), which returns a bound (tensor or not, as {@code lowerTensor} and {@code upperTensor} say) only when
     * it is strictly beyond x.
     */
    static Cubic cubicStep(double x1, double f1, double g1, double x2, double f2, double g2, boolean xTensor,
                           double lower, boolean lowerTensor, double upper, boolean upperTensor) {
        double slope = xTensor ? 3 * (f1 - f2) * (1 / (x1 - x2)) : 3 * (f1 - f2) / (x1 - x2);
        double d1 = g1 + g2 - slope;
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double x = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            boolean tensor = true;
            if (lower > x) {
                x = lower;
                tensor = lowerTensor;
            }
            if (upper < x) {
                x = upper;
                tensor = upperTensor;
            }
            return new Cubic(x, tensor);
        }
        return new Cubic((lower + upper) / 2, lowerTensor || upperTensor);
    }
}
