package dev.jgrad.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The strong Wolfe line search and its cubic interpolation against PyTorch 1.13's own
 * ({@code torch.optim.lbfgs._strong_wolfe} and {@code _cubic_interpolate}), recorded by
 * {@code src/test/resources/linesearch/record_strong_wolfe.py}: the same steps tried in the same order, the
 * same accepted step, to the bit (see {@link #REL}); and, as a law, that an accepted step on a convex quadratic satisfies both
 * Wolfe conditions.
 */
class StrongWolfeReferenceTest {

    /**
     * Agreement to the bit. PyTorch divides a float by a 0-dim tensor as the float times the tensor's reciprocal
     * (Tensor.__rtruediv__), so once a step is a tensor its cubic's 3(f₁ − f₂)/(x₁ − x₂) rounds twice; jgrad's
     * search tracks which steps are tensors and does the same. Without that, the double-well case's step
     * differed in the last bit (0.18599343178867367 against 0.18599343178867372) and the one 20-evaluation
     * search, which zooms into a very narrow bracket, grew that to 1.1e-10 relative by its 17th step.
     */
    private static final double REL = 0;

    private static JsonNode reference() throws IOException {
        try (InputStream in = StrongWolfeReferenceTest.class.getResourceAsStream("/linesearch/strong-wolfe.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** f and f' by Horner's rule, in the recording script's order of operations. */
    private static double[] horner(double[] c, double x) {
        double f = 0;
        for (int k = c.length - 1; k >= 0; k--) {
            f = f * x + c[k];
        }
        double g = 0;
        for (int k = c.length - 1; k > 0; k--) {
            g = g * x + k * c[k];
        }
        return new double[] {f, g};
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    @Test
    void everySearchTriesPyTorchsStepsAndAcceptsPyTorchsStep() throws IOException {
        JsonNode searches = reference().get("searches");
        assertTrue(searches.size() >= 50, "the file has its searches");
        for (JsonNode s : searches) {
            double[] c = doubles(s.get("coefficients"));
            double theta0 = s.get("theta0").doubleValue();
            double[] at0 = horner(c, theta0);
            double d = -s.get("scale").doubleValue() * at0[1];
            List<Double> tried = new ArrayList<>();
            StrongWolfe.Objective phi = t -> {
                tried.add(t);
                double[] fg = horner(c, theta0 + t * d);
                return new StrongWolfe.Point(fg[0], new double[] {fg[1]});
            };
            StrongWolfe.Result r = StrongWolfe.search(phi, s.get("t0").doubleValue(), new double[] {d}, at0[0],
                    new double[] {at0[1]}, at0[1] * d, s.get("tolerance_change").doubleValue());
            String what = "search from θ₀ = " + theta0 + " with coefficients " + s.get("coefficients");
            double[] expectedTried = doubles(s.get("steps_tried"));
            assertEquals(expectedTried.length, tried.size(), what + ": evaluations " + tried);
            for (int i = 0; i < expectedTried.length; i++) {
                assertEquals(expectedTried[i], tried.get(i), REL * Math.abs(expectedTried[i]),
                        what + ": step tried at evaluation " + (i + 1));
            }
            assertEquals(s.get("evaluations").intValue(), r.evaluations(), what);
            double t = s.get("t").doubleValue(), f = s.get("f").doubleValue(), g = s.get("g").doubleValue();
            assertEquals(t, r.t(), REL * Math.abs(t), what + ": accepted step");
            // f and f' relative to their size at θ₀: near a minimum they are differences of nearly equal numbers
            assertEquals(f, r.f(), REL * (Math.abs(f) + Math.abs(at0[0])), what + ": f there");
            assertEquals(g, r.g()[0], REL * (Math.abs(g) + Math.abs(at0[1])), what + ": f' there");
        }
    }

    /** On a line the curvature condition never holds: the search makes its first evaluation and max_ls = 25 more. */
    @Test
    void aSearchCanMakeTwentySixEvaluations() throws IOException {
        JsonNode line = reference().get("searches").get(0);
        assertEquals("[0.0,-1.0]", line.get("coefficients").toString(), "the first recorded search is on f(θ) = −θ");
        assertEquals(26, line.get("evaluations").intValue(), "PyTorch's");
        StrongWolfe.Result r = StrongWolfe.search(t -> new StrongWolfe.Point(-t, new double[] {-1}), 1, new double[] {1},
                0, new double[] {-1}, -1, StrongWolfe.TOLERANCE_CHANGE);
        assertEquals(26, r.evaluations(), "jgrad's");
    }

    @Test
    void cubicInterpolationIsPyTorchs() throws IOException {
        JsonNode cubics = reference().get("cubic_interpolations");
        assertTrue(cubics.size() >= 150, "the file has its cubics");
        for (JsonNode q : cubics) {
            double m = StrongWolfe.cubicMinimum(q.get("x1").doubleValue(), q.get("f1").doubleValue(),
                    q.get("g1").doubleValue(), q.get("x2").doubleValue(), q.get("f2").doubleValue(),
                    q.get("g2").doubleValue(), q.get("lower").doubleValue(), q.get("upper").doubleValue());
            assertEquals(q.get("minimum").doubleValue(), m, 0, q.toString());
        }
    }

    /** The cubic through two points of a cubic polynomial is that polynomial: its local minimiser a comes back. */
    @Test
    void cubicInterpolationRecoversACubicsMinimiser() {
        Property.named("cubicMinimum of p(x) = (x − a)²(b − x), b > a + 1, is a")
                .forAll(Gens.doubles(-3, 3), Gens.doubles(1.5, 4), Gens.doubles(0.1, 0.9), (a, gap, where) -> {
                    double b = a + gap;
                    double x1 = a - 1, x2 = a + where;   // around the local minimum a, left of the maximum
                    double f1 = (x1 - a) * (x1 - a) * (b - x1), f2 = (x2 - a) * (x2 - a) * (b - x2);
                    double g1 = (x1 - a) * (2 * b + a - 3 * x1), g2 = (x2 - a) * (2 * b + a - 3 * x2);
                    double tol = 1e-9 * (1 + Math.abs(a));
                    assertEquals(a, StrongWolfe.cubicMinimum(x1, f1, g1, x2, f2, g2, x1, x2), tol);
                    assertEquals(a, StrongWolfe.cubicMinimum(x2, f2, g2, x1, f1, g1, x1, x2), tol, "points swapped");
                    assertEquals(x2, StrongWolfe.cubicMinimum(x1, f1, g1, x2, f2, g2, x2, x2 + 1), 0, "clamped below");
                    assertEquals(x1, StrongWolfe.cubicMinimum(x1, f1, g1, x2, f2, g2, x1 - 1, x1), 0, "clamped above");
                });
    }

    /** Along a descent direction of a convex quadratic, the accepted step is a strong Wolfe step. */
    @Test
    void acceptedStepsOnQuadraticsSatisfyBothWolfeConditions() {
        Property.named("strong Wolfe conditions at the accepted step of ½a(θ − c)²")
                .forAll(Gens.doubles(0.01, 100), Gens.doubles(-5, 5), Gens.doubles(-4, 2), (a, c, logT0) -> {
                    double theta0 = c + 1, f0 = 0.5 * a, g0 = a;   // θ₀ one unit right of the minimum
                    double d = -1, gtd = g0 * d, t0 = Math.pow(10, logT0);
                    int[] calls = {0};
                    StrongWolfe.Result r = StrongWolfe.search(t -> {
                        calls[0]++;
                        double theta = theta0 + t * d;
                        return new StrongWolfe.Point(0.5 * a * (theta - c) * (theta - c), new double[] {a * (theta - c)});
                    }, t0, new double[] {d}, f0, new double[] {g0}, gtd, 1e-12);
                    String where = "a = " + a + ", t0 = " + t0 + ", accepted t = " + r.t();
                    assertEquals(calls[0], r.evaluations(), where);
                    assertTrue(r.evaluations() <= 25, where);
                    double theta = theta0 + r.t() * d;
                    assertEquals(0.5 * a * (theta - c) * (theta - c), r.f(), 0, where + ": f at the accepted step");
                    assertEquals(a * (theta - c), r.g()[0], 0, where + ": f' at the accepted step");
                    assertTrue(r.f() <= f0 + 1e-4 * r.t() * gtd, where + ": sufficient decrease");
                    assertTrue(Math.abs(r.g()[0] * d) <= -0.9 * gtd, where + ": curvature");
                });
    }
}
