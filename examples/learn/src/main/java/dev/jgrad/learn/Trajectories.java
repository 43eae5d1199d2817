package dev.jgrad.learn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Functional;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Runs an optimizer on a {@link Surface} from a start point and records the path θ₀, θ₁, … it
 * takes. Gradients come from jgrad's autograd, the update from jgrad's optimizers: nothing here is
 * a re-implementation.
 */
public final class Trajectories {
    private Trajectories() {}

    /** θ after {@code step} steps (step 0 is the start) and f(θ) there. */
    public record Point(int step, double x, double y, double f) {}

    /**
     * One optimizer's path. It ends early, with fewer than {@code steps + 1} points, if θ stops being
     * finite or runs far away (ten view-widths from the view's centre): there is nothing left to draw.
     */
    public record Path(Surface surface, Method method, double lr, double weightDecay, List<Point> points) {
        public Path {
            points = List.copyOf(points);
        }

        public Point last() {
            return points.get(points.size() - 1);
        }
    }

    /**
     * What a picture of one surface uses unless told otherwise: the rates are per kind of rate, since
     * an SGD rate multiplies the gradient while an Adam rate is roughly the step length itself.
     *
     * @param sgdLr       rate of SGD, momentum and Nesterov
     * @param adamLr      rate of Adam, AMSGrad, Adam + L2 and AdamW
     * @param weightDecay λ of Adam + L2 and AdamW
     */
    public record Settings(double sgdLr, double adamLr, double weightDecay, double[] start, int steps) {
        public Settings {
            start = start.clone();
        }

        @Override
        public double[] start() {
            return start.clone();
        }

        public double lr(Method m) {
            return m.lr(sgdLr, adamLr);
        }
    }

    /** The defaults for {@code s}, chosen so that each optimizer's characteristic behaviour shows. */
    public static Settings defaults(Surface s) {
        return switch (s) {
            // SGD at the stability limit of the steep walls crawls along the valley floor; momentum
            // carries speed along it; Adam's steps are about lr long whatever the gradient.
            case ROSENBROCK -> new Settings(1e-3, 0.1, 0.1, s.start(), s.steps());
            case BEALE -> new Settings(1e-3, 0.05, 0.1, s.start(), s.steps());
            // SGD's rate is limited by the steep direction: curvature 25, so plain SGD is stable below
            // 2/25 and Nesterov with μ = 0.9 below 2(1 + μ)/(25(1 + 2μ)) ≈ 0.054.
            case QUADRATIC -> new Settings(0.05, 0.1, 0.1, s.start(), s.steps());
            case SADDLE -> new Settings(0.02, 0.02, 0.1, s.start(), s.steps());
        };
    }

    /** The path of {@code method} on {@code surface} from {@code start}, for up to {@code steps} steps. */
    public static Path run(Surface surface, Method method, double lr, double weightDecay, double[] start, int steps) {
        Objects.requireNonNull(surface, "surface");
        Objects.requireNonNull(method, "method");
        if (start.length != 2) {
            throw new IllegalArgumentException("a start point has 2 coordinates, got " + start.length);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        Tensor theta = Surface.parameter(start[0], start[1]);
        Optimizer<?> opt = method.isNewton() ? null : method.config(lr, weightDecay).build(List.of(theta));
        double[] view = surface.view();
        double cx = (view[0] + view[1]) / 2, cy = (view[2] + view[3]) / 2;
        double far = 10 * Math.max(view[1] - view[0], view[3] - view[2]);
        List<Point> points = new ArrayList<>(steps + 1);
        points.add(new Point(0, start[0], start[1], surface.at(start[0], start[1])));
        double[] xy = new double[2];
        for (int step = 1; step <= steps; step++) {
            if (opt == null) {
                if (!newtonStep(surface, theta, method == Method.NEWTON ? 1 : Method.DAMPING)) {
                    break;
                }
            } else {
                opt.step(() -> {   // a closure, so that LBFGS can re-evaluate; the others evaluate once
                    opt.zeroGrad();
                    Tensor loss = surface.loss(theta);
                    loss.backward();
                    return loss.item();
                });
            }
            theta.copyTo(xy);
            if (!Double.isFinite(xy[0]) || !Double.isFinite(xy[1])
                    || Math.abs(xy[0] - cx) > far || Math.abs(xy[1] - cy) > far) {
                break;
            }
            points.add(new Point(step, xy[0], xy[1], surface.at(xy[0], xy[1])));
        }
        return new Path(surface, method, lr, weightDecay, Collections.unmodifiableList(points));
    }

    /**
     * θ ← θ − t·H⁻¹∇f with the gradient and the 2×2 Hessian from autograd ({@link Functional#hessian}).
     * Newton's step goes to the stationary point of the local quadratic model, whatever kind it is: to
     * the minimum of a convex quadratic in one step, and just as readily to a saddle point. Returns
     * false (the path ends) where the Hessian is singular.
     */
    static boolean newtonStep(Surface surface, Tensor theta, double t) {
        Functional.Fn f = in -> surface.loss(in[0]);
        double[] g = Autograd.grad(surface.loss(theta), theta).get(0).toDoubleArray();
        double[] h = Functional.hessian(f, theta).toDoubleArray();
        double det = h[0] * h[3] - h[1] * h[2];
        if (!(Math.abs(det) > 1e-12 * (1 + Math.abs(h[0] * h[3]) + Math.abs(h[1] * h[2])))) {
            return false;
        }
        double dx = (h[3] * g[0] - h[1] * g[1]) / det, dy = (h[0] * g[1] - h[2] * g[0]) / det;
        double[] xy = theta.toDoubleArray();
        Autograd.noGrad(() -> theta.copyFrom(new double[] {xy[0] - t * dx, xy[1] - t * dy}));
        return true;
    }

    /** The CSV of {@code paths}: one row per point, with the function, optimizer and its settings. */
    public static String csv(List<Path> paths) {
        StringBuilder out = new StringBuilder("function,optimizer,lr,weight_decay,step,x,y,f\n");
        for (Path p : paths) {
            String head = p.surface().id() + "," + p.method().id() + "," + p.lr() + ","
                    + (p.method().decays() ? Double.toString(p.weightDecay()) : "0") + ",";
            for (Point pt : p.points()) {
                out.append(head).append(pt.step()).append(',').append(pt.x()).append(',').append(pt.y()).append(',')
                        .append(pt.f()).append('\n');
            }
        }
        return out.toString();
    }
}
