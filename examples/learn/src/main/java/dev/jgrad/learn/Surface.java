package dev.jgrad.learn;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The built-in 2-D test functions f(x, y), each with the view, start point and step count the
 * trajectory pictures use by default. The formulas are written once, with jgrad ops, and work
 * elementwise on tensors of any shape: with θ's two elements they give the loss whose gradient
 * autograd computes, with two grids of coordinates they give the values the contour lines follow.
 */
public enum Surface {
    /** (1 − x)² + 100(y − x²)²: a curved, flat-bottomed valley; minimum 0 at (1, 1). */
    ROSENBROCK("rosenbrock", "(1 − x)² + 100(y − x²)²", new double[] {-2, 2, -1, 3}, new double[] {-1.2, 1},
            new double[] {1, 1}, 600, true) {
        @Override
        public Tensor value(Tensor x, Tensor y) {
            return x.neg().add(1.0).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100.0));
        }
    },
    /** (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: flat plateaus, steep walls; minimum 0 at (3, 0.5). */
    BEALE("beale", "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", new double[] {-1, 4.5, -1.5, 2.5},
            new double[] {1, 1.5},
            new double[] {3, 0.5}, 400, true) {
        @Override
        public Tensor value(Tensor x, Tensor y) {
            Tensor a = x.neg().add(x.mul(y)).add(1.5);
            Tensor b = x.neg().add(x.mul(y.pow(2))).add(2.25);
            Tensor c = x.neg().add(x.mul(y.pow(3))).add(2.625);
            return a.pow(2).add(b.pow(2)).add(c.pow(2));
        }
    },
    /** x²/2 + 25y²/2: curvatures 1 and 25 (condition number 25); minimum 0 at (0, 0). */
    QUADRATIC("quadratic", "(x² + 25y²) / 2", new double[] {-6, 6, -4, 4}, new double[] {-5, 2},
            new double[] {0, 0}, 100, true) {
        @Override
        public Tensor value(Tensor x, Tensor y) {
            return x.pow(2).add(y.pow(2).mul(25.0)).mul(0.5);
        }
    },
    /** x² − y²: a saddle point at (0, 0), downhill along ±y forever. */
    SADDLE("saddle", "x² − y²", new double[] {-2, 2, -2, 2}, new double[] {1.5, 1e-3},
            new double[] {0, 0}, 150, false) {
        @Override
        public Tensor value(Tensor x, Tensor y) {
            return x.pow(2).sub(y.pow(2));
        }
    };

    private final String id;
    private final String formula;
    private final double[] view;
    private final double[] start;
    private final double[] minimum;
    private final int steps;
    private final boolean bounded;

    Surface(String id, String formula, double[] view, double[] start, double[] minimum, int steps, boolean bounded) {
        this.id = id;
        this.formula = formula;
        this.view = view;
        this.start = start;
        this.minimum = minimum;
        this.steps = steps;
        this.bounded = bounded;
    }

    /** f(x, y) elementwise (x and y of one shape). */
    public abstract Tensor value(Tensor x, Tensor y);

    /** f(θ₀, θ₁) as a one-element tensor, for a parameter θ of shape [2]. */
    public Tensor loss(Tensor theta) {
        if (theta.numel() != 2) {
            throw new IllegalArgumentException(id + " takes a parameter of 2 elements (x, y), got " + theta.numel());
        }
        Tensor flat = theta.reshape(2);
        return value(flat.narrow(0, 0, 1), flat.narrow(0, 1, 1)).sum();
    }

    /** f at one point, in float64. */
    public double at(double x, double y) {
        return value(Tensor.of(new double[] {x}, 1), Tensor.of(new double[] {y}, 1)).item();
    }

    /** The command-line name, e.g. {@code rosenbrock}. */
    public String id() {
        return id;
    }

    public String formula() {
        return formula;
    }

    /** The plotted region {xMin, xMax, yMin, yMax}. */
    public double[] view() {
        return view.clone();
    }

    /** Where the default trajectories start. */
    public double[] start() {
        return start.clone();
    }

    /** The global minimum, or null for the saddle, which has none. */
    public double[] minimum() {
        return bounded ? minimum.clone() : null;
    }

    /** The default number of steps: enough for the characteristic behaviour to show. */
    public int steps() {
        return steps;
    }

    /** Whether f is bounded below (contour levels are then spaced geometrically above the minimum). */
    public boolean boundedBelow() {
        return bounded;
    }

    /** The surface named {@code id} (case-insensitive). */
    public static Surface byId(String id) {
        for (Surface s : values()) {
            if (s.id.equalsIgnoreCase(id.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown function '" + id + "' (valid: " + String.join(", ", ids()) + ")");
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Surface::id).toList();
    }

    /** A tensor of the two coordinates, float64, that requires grad: the parameter θ = (x, y). */
    static Tensor parameter(double x, double y) {
        return Tensor.of(new double[] {x, y}, DType.FLOAT64, 2).requiresGrad(true);
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
