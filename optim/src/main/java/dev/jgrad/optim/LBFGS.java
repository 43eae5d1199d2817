package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * L-BFGS: a quasi-Newton method. It remembers the last m steps s = Δθ and gradient changes y = Δg, and from
 * them builds, without ever forming a matrix, the product of an inverse-Hessian estimate with the gradient
 * (the two-loop recursion). One {@link #step(Closure)} runs up to max_iter iterations, re-evaluating the loss
 * through the closure. Exactly {@code torch.optim.LBFGS} (PyTorch 1.13).
 *
 * <pre>
 * input: γ (lr), max_iter, max_eval, τ_g (tolerance_grad), τ_c (tolerance_change), m (history_size), line search
 * state: k ← 0 (n_iter, over all steps), memory (y, s, ρ) empty, H ← 1 (H_diag), d, t, g_prev, f_prev
 *
 * step(closure):
 *   (1) f ← closure(),  g ← ∇f                     all parameters as one flat vector; f is returned
 *   (2) if max|g| ≤ τ_g: return                      already stationary
 *   repeat for i = 1, 2, ..., max_iter:
 *   (3)   k ← k + 1
 *         if k = 1: d ← −g, memory empty, H ← 1       the very first iteration is steepest descent
 *         else:     y ← g − g_prev,  s ← t·d
 *   (4)     if yᵀs &gt; 1e-10:                        only curvature-positive pairs keep H̃ positive definite
 *               remember (y, s, ρ = 1/yᵀs), forgetting the oldest beyond m;  H ← yᵀs / yᵀy
 *   (5)     q ← −g                                  two-loop recursion: d = −H̃g
 *           for j newest to oldest: α_j ← ρ_j·s_jᵀq,  q ← q − α_j·y_j
 *           d ← H·q
 *           for j oldest to newest: β_j ← ρ_j·y_jᵀd,  d ← d + (α_j − β_j)·s_j
 *   (6)   g_prev ← g,  f_prev ← f
 *   (7)   t ← γ·min(1, 1/‖g‖₁) if k = 1, else γ     the first step is scaled by the gradient
 *   (8)   if gᵀd &gt; −τ_c: stop                       d is no descent direction
 *   (9)   strong_wolfe: t, f, g ← a step along d satisfying the strong Wolfe conditions;  θ ← θ + t·d
 *                       (the search's own bracket tolerance is 1e-9, whatever τ_c is)
 *         none:         θ ← θ + t·d;  if i &lt; max_iter: f ← closure(), g ← ∇f
 *   (10)  stop if i = max_iter, evaluations ≥ max_eval, max|g| ≤ τ_g, max|t·d| ≤ τ_c or |f − f_prev| &lt; τ_c
 * </pre>
 *
 * Liu &amp; Nocedal, "On the limited memory BFGS method for large scale optimization", Mathematical Programming
 * 45 (1989); the two-loop recursion and the scaling H = yᵀs / yᵀy are Nocedal &amp; Wright, "Numerical
 * Optimization" (2nd ed., 2006), algorithm 7.4 and eq. (7.20). PyTorch's version follows Mark Schmidt's minFunc:
 * its own departures from the textbook are the first step t = γ·min(1, 1/‖g‖₁), the threshold 1e-10 on yᵀs (the
 * textbook needs only yᵀs &gt; 0) and, without a line search, a fixed step t = γ, which makes it a stochastic
 * method as much as a deterministic one. Its docstring states tolerance_grad's default as 1e-5; the code uses
 * 1e-7, and so does jgrad. Its step hands the line search neither τ_c nor max_eval: the search stops shrinking
 * its bracket at its own tolerance 1e-9 and may make 26 evaluations, and a step compares its evaluations with
 * max_eval only after a whole search. So a step with the defaults evaluates the closure up to 20 times without
 * a line search and, with strong_wolfe, up to 24 + 26 = 50 times (PyTorch's recorded runs make up to 29): one
 * LBFGS step costs as much as twenty or more steps of Adam.
 *
 * <p>Like PyTorch, one parameter group only: L-BFGS treats all parameters as one vector. The memory lives in
 * the first parameter's state, with PyTorch's names: {@code func_evals}, {@code n_iter}, {@code d}, {@code t},
 * {@code old_dirs} (the y's, stacked), {@code old_stps} (the s's), {@code ro} (the ρ's), {@code H_diag},
 * {@code prev_flat_grad} and {@code prev_loss}. It costs 2m + 2 copies of the parameters. The arithmetic is
 * float64 for float32 parameters too (θ is rounded to float32 after every move); PyTorch computes in the
 * parameters' dtype. PyTorch 1.13 validates none of the options; jgrad refuses values that cannot work.
 */
public final class LBFGS extends Optimizer<LBFGS.Options> {

    /** The line search of (9). */
    public enum LineSearchFn {
        /** None in PyTorch: a fixed step t. */
        NONE,
        /** The strong Wolfe conditions (Nocedal &amp; Wright, algorithms 3.5 and 3.6). */
        STRONG_WOLFE
    }

    /**
     * Hyper-parameters of {@link LBFGS}, with PyTorch's names and defaults.
     *
     * @param lr              learning rate γ: the step along d (default 1)
     * @param maxIter         iterations per {@link #step(Closure)} (default 20)
     * @param maxEval         closure evaluations per step, null for ⌊5·max_iter / 4⌋ (default null)
     * @param toleranceGrad   stop when every |g| is at most this (default 1e-7)
     * @param toleranceChange stop when the loss or θ changes less than this (default 1e-9)
     * @param historySize     m, the (y, s) pairs remembered (default 100)
     * @param lineSearchFn    {@link LineSearchFn#NONE} or {@link LineSearchFn#STRONG_WOLFE} (default NONE)
     */
    public record Options(double lr, int maxIter, Integer maxEval, double toleranceGrad, double toleranceChange,
                          int historySize, LineSearchFn lineSearchFn) implements OptimizerOptions<Options> {

        /** PyTorch 1.13's defaults: lr 1, max_iter 20, max_eval 25, tolerances 1e-7 and 1e-9, history 100, no line search. */
        public static final Options DEFAULTS = new Options(1, 20, null, 1e-7, 1e-9, 100, LineSearchFn.NONE);

        public Options {
            Check.nonNegative("learning rate", lr);
            atLeastOne("max_iter", maxIter);
            if (maxEval != null) {
                atLeastOne("max_eval", maxEval);
            }
            Check.nonNegative("tolerance_grad", toleranceGrad);
            Check.nonNegative("tolerance_change", toleranceChange);
            atLeastOne("history_size", historySize);
            Objects.requireNonNull(lineSearchFn, "lineSearchFn");
        }

        /** max_eval, or PyTorch's default ⌊5·max_iter / 4⌋ when it is null. */
        public int maxEvalOrDefault() {
            return maxEval != null ? maxEval : maxIter * 5 / 4;
        }

        private static void atLeastOne(String what, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("Invalid " + what + ": " + value + " (must be >= 1)");
            }
        }
    }

    /** One group with {@code options}. */
    public LBFGS(List<Tensor> params, Options options) {
        this(options, List.of(new ParamGroup<>(params, options)));
    }

    /** The registry's form; like PyTorch, exactly one group. */
    public LBFGS(Options defaults, List<ParamGroup<Options>> groups) {
        super("LBFGS", defaults, groups);
        oneGroup();
    }

    private void oneGroup() {
        if (paramGroups().size() != 1) {
            throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        }
    }

    @Override
    protected void initState(ParamState s, Options o) {
        s.set("func_evals", 0).set("n_iter", 0);
    }

    /** Never called: LBFGS drives its own step. */
    @Override
    protected ElementLoop update(ParamGroup<Options> group, ParamState state, Probe probe) {
        throw new UnsupportedOperationException("LBFGS steps only through step(closure)");
    }

    /** True: the line search and every iteration re-evaluate the loss. */
    @Override
    public boolean requiresClosure() {
        return true;
    }

    /** Refused: L-BFGS re-evaluates the loss within a step, so it needs {@link #step(Closure)}. */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS needs to re-evaluate the loss during a step: call step(closure) with a "
                + "closure that clears the gradients, computes the loss, calls backward() and returns the loss");
    }

    /** Runs (1)–(10); returns the loss of the first evaluation, as PyTorch does. */
    @Override
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    public double step(Closure closure) {
        Objects.requireNonNull(closure, "closure");
        oneGroup();
        beforeStep();
        ParamGroup<Options> group = paramGroups().get(0);
        double loss;
        try (var noGrad = Autograd.noGrad()) {
            loss = new Run(group.params(), group.options(), liveState(group.params().get(0), group.options()), closure)
                    .minimize();
        }
        afterStep();
        return loss;
    }

    /** One step's working variables, read from and written back to the state. */
    private static final class Run {
        private final List<Tensor> params;
        private final Options o;
        private final ParamState state;
        private final Closure closure;
        private final int n;
        private final List<double[]> oldDirs, oldStps;
        private final List<Double> ro = new ArrayList<>();
        private double[] d, prevG;
        private double t, hDiag, prevLoss;

        Run(List<Tensor> params, Options o, ParamState state, Closure closure) {
            this.params = params;
            this.o = o;
            this.state = state;
            this.closure = closure;
            int total = 0;
            for (Tensor p : params) {
                total += p.numel();
            }
            this.n = total;
            oldDirs = rows(state, "old_dirs", n);
            oldStps = rows(state, "old_stps", n);
            if (state.has("ro")) {
                for (double r : state.f64("ro")) {
                    ro.add(r);
                }
            }
            d = state.has("d") ? state.f64("d").clone() : null;
            prevG = state.has("prev_flat_grad") ? state.f64("prev_flat_grad").clone() : null;
            t = state.has("t") ? state.get("t") : Double.NaN;
            hDiag = state.has("H_diag") ? state.get("H_diag") : 1;
            prevLoss = state.has("prev_loss") ? state.get("prev_loss") : Double.NaN;
        }

        double minimize() {
            double lr = o.lr(), tolGrad = o.toleranceGrad(), tolChange = o.toleranceChange();
            int maxIter = o.maxIter(), maxEval = o.maxEvalOrDefault(), m = o.historySize();
            double origLoss = evaluate();                                            // (1)
            double f = origLoss;
            int evals = 1;
            addEvals(1);
            double[] g = gather();
            boolean optimal = maxAbs(g) <= tolGrad;                                  // (2)
            if (optimal) {
                return origLoss;
            }
            for (int i = 1; i <= maxIter; i++) {
                double k = state.get("n_iter") + 1;                                  // (3)
                state.set("n_iter", k);
                if (k == 1) {
                    d = scaled(-1, g);
                    oldDirs.clear();
                    oldStps.clear();
                    ro.clear();
                    hDiag = 1;
                } else {
                    double[] y = new double[n], s = scaled(t, d);
                    for (int j = 0; j < n; j++) {
                        y[j] = g[j] - prevG[j];
                    }
                    double ys = dot(y, s);
                    if (ys > 1e-10) {                                                // (4)
                        if (oldDirs.size() == m) {
                            oldDirs.remove(0);
                            oldStps.remove(0);
                            ro.remove(0);
                        }
                        oldDirs.add(y);
                        oldStps.add(s);
                        ro.add(1 / ys);
                        hDiag = ys / dot(y, y);
                    }
                    d = twoLoop(g, oldDirs, oldStps, ro, hDiag);                     // (5)
                }
                prevG = g.clone();                                                   // (6)
                prevLoss = f;
                t = k == 1 ? Math.min(1, 1 / sumAbs(g)) * lr : lr;                  // (7)
                boolean tTensor = k == 1 && 1 / sumAbs(g) < 1;   // PyTorch's t is then a tensor, 1./‖g‖₁
                double gtd = dot(g, d);
                if (gtd > -tolChange) {                                              // (8)
                    break;
                }
                int lsEvals = 0;
                if (o.lineSearchFn() == LineSearchFn.STRONG_WOLFE) {                 // (9)
                    double[] x0 = snapshot();
                    double[] dir = d;
                    // PyTorch 1.13 does not pass the group's tolerance_change on: the search keeps its own 1e-9
                    StrongWolfe.Result r = StrongWolfe.search(step -> directional(x0, step, dir), t, tTensor, d, f, g,
                            gtd, StrongWolfe.TOLERANCE_CHANGE);
                    f = r.f();
                    g = r.g();
                    t = r.t();
                    lsEvals = r.evaluations();
                    move(t, d);
                    optimal = maxAbs(g) <= tolGrad;
                } else {
                    move(t, d);
                    if (i != maxIter) {
                        f = evaluate();
                        g = gather();
                        optimal = maxAbs(g) <= tolGrad;
                        lsEvals = 1;
                    }
                }
                evals += lsEvals;
                addEvals(lsEvals);
                if (i == maxIter || evals >= maxEval || optimal) {                   // (10)
                    break;
                }
                if (maxAbs(scaled(t, d)) <= tolChange || Math.abs(f - prevLoss) < tolChange) {
                    break;
                }
            }
            save();
            return origLoss;
        }

        private double evaluate() {
            try (var on = Autograd.enableGrad()) {
                return closure.evaluate();
            }
        }

        /** f and ∇f at θ₀ + step·d, then θ back at θ₀: the line search's probe. */
        private StrongWolfe.Point directional(double[] x0, double step, double[] dir) {
            move(step, dir);
            double f = evaluate();
            double[] g = gather();
            restore(x0);
            return new StrongWolfe.Point(f, g);
        }

        /** All gradients as one vector; a parameter without a gradient contributes zeros. */
        private double[] gather() {
            double[] g = new double[n];
            int off = 0;
            double[] buf = null;
            for (Tensor p : params) {
                Tensor grad = p.grad();
                if (grad != null) {
                    buf = buf == null || buf.length < p.numel() ? new double[p.numel()] : buf;
                    grad.copyTo(buf);
                    System.arraycopy(buf, 0, g, off, p.numel());
                }
                off += p.numel();
            }
            return g;
        }

        /** θ ← θ + step·dir over all parameters. */
        private void move(double step, double[] dir) {
            int off = 0;
            for (Tensor p : params) {
                double[] theta = new double[p.numel()];
                p.copyTo(theta);
                for (int j = 0; j < theta.length; j++) {
                    theta[j] = Math.fma(step, dir[off + j], theta[j]);
                }
                p.copyFrom(theta);
                off += theta.length;
            }
        }

        private double[] snapshot() {
            double[] x = new double[n];
            int off = 0;
            for (Tensor p : params) {
                double[] theta = new double[p.numel()];
                p.copyTo(theta);
                System.arraycopy(theta, 0, x, off, theta.length);
                off += theta.length;
            }
            return x;
        }

        private void restore(double[] x) {
            int off = 0;
            for (Tensor p : params) {
                double[] theta = new double[p.numel()];
                System.arraycopy(x, off, theta, 0, theta.length);
                p.copyFrom(theta);
                off += theta.length;
            }
        }

        private void addEvals(int count) {
            state.set("func_evals", state.get("func_evals") + count);
        }

        private void save() {
            state.put("d", d).set("t", t).put("old_dirs", stacked(oldDirs)).put("old_stps", stacked(oldStps));
            double[] r = new double[ro.size()];
            for (int j = 0; j < r.length; j++) {
                r[j] = ro.get(j);
            }
            state.put("ro", r).set("H_diag", hDiag).put("prev_flat_grad", prevG).set("prev_loss", prevLoss);
        }

        private static List<double[]> rows(ParamState state, String name, int n) {
            List<double[]> out = new ArrayList<>();
            if (state.has(name)) {
                double[] all = state.f64(name);
                for (int off = 0; off + n <= all.length; off += n) {
                    double[] row = new double[n];
                    System.arraycopy(all, off, row, 0, n);
                    out.add(row);
                }
            }
            return out;
        }

        private double[] stacked(List<double[]> rows) {
            double[] all = new double[rows.size() * n];
            for (int j = 0; j < rows.size(); j++) {
                System.arraycopy(rows.get(j), 0, all, j * n, n);
            }
            return all;
        }
    }

    /**
     * (5): −H̃g, where H̃ is the inverse-Hessian estimate built from the memory (y_j, s_j, ρ_j) on top of H·I,
     * newest pair first, then oldest first. H̃ satisfies the secant equation H̃·y = s for the newest pair.
     */
    static double[] twoLoop(double[] g, List<double[]> dirs, List<double[]> stps, List<Double> ro, double hDiag) {
        int count = dirs.size();
        double[] al = new double[count];
        double[] q = scaled(-1, g);
        for (int j = count - 1; j >= 0; j--) {
            al[j] = dot(stps.get(j), q) * ro.get(j);
            axpy(-al[j], dirs.get(j), q);
        }
        double[] r = scaled(hDiag, q);
        for (int j = 0; j < count; j++) {
            double be = dot(dirs.get(j), r) * ro.get(j);
            axpy(al[j] - be, stps.get(j), r);
        }
        return r;
    }

    /** aᵀb, accumulated with fused multiply-adds in order (as PyTorch's CPU dot does for short vectors). */
    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s = Math.fma(a[i], b[i], s);
        }
        return s;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static double sumAbs(double[] a) {
        double s = 0;
        for (double v : a) {
            s += Math.abs(v);
        }
        return s;
    }

    private static double[] scaled(double c, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = c * a[i];
        }
        return out;
    }

    /** y ← y + c·x, one rounding per element (PyTorch's {@code add_(x, alpha=c)}). */
    private static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.fma(c, x[i], y[i]);
        }
    }

    /** The class Javadoc's box as text, for the tools ({@code explain}); a test checks that the two agree. */
    static final String BOX = """
            input: γ (lr), max_iter, max_eval, τ_g (tolerance_grad), τ_c (tolerance_change), m (history_size), line search
            state: k ← 0 (n_iter, over all steps), memory (y, s, ρ) empty, H ← 1 (H_diag), d, t, g_prev, f_prev
            step(closure):
              (1) f ← closure(),  g ← ∇f                     all parameters as one flat vector; f is returned
              (2) if max|g| ≤ τ_g: return                      already stationary
              repeat for i = 1, 2, ..., max_iter:
              (3)   k ← k + 1
                    if k = 1: d ← −g, memory empty, H ← 1       the very first iteration is steepest descent
                    else:     y ← g − g_prev,  s ← t·d
              (4)     if yᵀs > 1e-10:                        only curvature-positive pairs keep H̃ positive definite
                          remember (y, s, ρ = 1/yᵀs), forgetting the oldest beyond m;  H ← yᵀs / yᵀy
              (5)     q ← −g                                  two-loop recursion: d = −H̃g
                      for j newest to oldest: α_j ← ρ_j·s_jᵀq,  q ← q − α_j·y_j
                      d ← H·q
                      for j oldest to newest: β_j ← ρ_j·y_jᵀd,  d ← d + (α_j − β_j)·s_j
              (6)   g_prev ← g,  f_prev ← f
              (7)   t ← γ·min(1, 1/‖g‖₁) if k = 1, else γ     the first step is scaled by the gradient
              (8)   if gᵀd > −τ_c: stop                       d is no descent direction
              (9)   strong_wolfe: t, f, g ← a step along d satisfying the strong Wolfe conditions;  θ ← θ + t·d
                                  (the search's own bracket tolerance is 1e-9, whatever τ_c is)
                    none:         θ ← θ + t·d;  if i < max_iter: f ← closure(), g ← ∇f
              (10)  stop if i = max_iter, evaluations ≥ max_eval, max|g| ≤ τ_g, max|t·d| ≤ τ_c or |f − f_prev| < τ_c
            """;
}
