package dev.jgrad.learn;

import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.SGD;
import dev.jgrad.optim.SgdOptions;
import dev.jgrad.optim.WeightDecay;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.GradCheck;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TrajectoriesTest {

    @Test
    void everyPathStartsWhereAskedForAnyStartSurfaceAndOptimizer() {
        Property.forAll(Gens.elements(List.of(Surface.values())), Gens.elements(List.of(Method.values())),
                Gens.doubles(-1, 1).flatMap(u -> Gens.doubles(-1, 1).map(v -> new double[] {u, v})), (s, m, uv) -> {
                    double[] view = s.view();
                    double x = view[0] + (uv[0] + 1) / 2 * (view[1] - view[0]);
                    double y = view[2] + (uv[1] + 1) / 2 * (view[3] - view[2]);
                    Trajectories.Settings d = Trajectories.defaults(s);
                    Trajectories.Path p = Trajectories.run(s, m, d.lr(m), d.weightDecay(), new double[] {x, y}, 3);
                    Trajectories.Point first = p.points().get(0);
                    assertEquals(0, first.step());
                    assertEquals(x, first.x(), 0.0);
                    assertEquals(y, first.y(), 0.0);
                    assertEquals(s.at(x, y), first.f(), 0.0);
                    for (int i = 0; i < p.points().size(); i++) {
                        assertEquals(i, p.points().get(i).step());
                    }
                });
    }

    @Test
    void adamConvergesOnTheIllConditionedQuadratic() {
        Trajectories.Settings d = Trajectories.defaults(Surface.QUADRATIC);
        Trajectories.Path p = Trajectories.run(Surface.QUADRATIC, Method.ADAM, 0.01, 0, d.start(), 2000);
        Trajectories.Point last = p.last();
        assertEquals(2000, last.step());
        assertEquals(0, last.x(), 0.01);
        assertEquals(0, last.y(), 0.01);
        assertTrue(last.f() < 1e-4 * p.points().get(0).f(), "f went from " + p.points().get(0).f() + " to " + last.f());
        // And with the picture's own settings it ends near the minimum too.
        Trajectories.Point quick = Trajectories.run(Surface.QUADRATIC, Method.ADAM, d.adamLr(), 0, d.start(), d.steps()).last();
        assertTrue(Math.hypot(quick.x(), quick.y()) < 0.1, quick.toString());
    }

    @Test
    void theDefaultPicturesShowWhatTheReadmeSays() {
        // Rosenbrock: plain SGD is still far from (1, 1) when momentum has nearly arrived.
        Trajectories.Settings r = Trajectories.defaults(Surface.ROSENBROCK);
        Trajectories.Point sgd = Trajectories.run(Surface.ROSENBROCK, Method.SGD, r.sgdLr(), 0, r.start(), r.steps()).last();
        Trajectories.Point momentum = Trajectories.run(Surface.ROSENBROCK, Method.MOMENTUM, r.sgdLr(), 0, r.start(),
                r.steps()).last();
        assertTrue(Math.hypot(sgd.x() - 1, sgd.y() - 1) > 1, sgd.toString());
        assertTrue(Math.hypot(momentum.x() - 1, momentum.y() - 1) < 0.1, momentum.toString());
        // Saddle: Adam leaves along y much sooner than plain SGD, which starts 0.001 off the ridge.
        Trajectories.Settings s = Trajectories.defaults(Surface.SADDLE);
        Trajectories.Point sgdSaddle = Trajectories.run(Surface.SADDLE, Method.SGD, s.sgdLr(), 0, s.start(), s.steps()).last();
        Trajectories.Point adamSaddle = Trajectories.run(Surface.SADDLE, Method.ADAM, s.adamLr(), 0, s.start(), s.steps()).last();
        assertTrue(Math.abs(sgdSaddle.y()) < 1 && Math.abs(adamSaddle.y()) > 2, sgdSaddle + " " + adamSaddle);
    }

    @Test
    void aPathThatRunsOffStopsEarlyAtItsLastFinitePoint() {
        Trajectories.Settings s = Trajectories.defaults(Surface.SADDLE);
        Trajectories.Path p = Trajectories.run(Surface.SADDLE, Method.MOMENTUM, s.sgdLr(), 0, s.start(), 1000);
        assertTrue(p.points().size() < 1001, "x² − y² has no bottom: momentum must run off");
        double far = 10 * 4;
        for (Trajectories.Point pt : p.points()) {
            assertTrue(Math.abs(pt.y()) <= far && Double.isFinite(pt.f()), pt.toString());
        }
    }

    @Test
    void theSurfacesGradientsAreRightWhereverTheyAreTaken() {
        Property.named("gradcheck of each surface").tries(40).forAll(Gens.elements(List.of(Surface.values())),
                Gens.doubles(-1, 1), Gens.doubles(-1, 1), (s, u, v) -> {
                    double[] view = s.view();
                    double x = (view[0] + view[1]) / 2 + u * (view[1] - view[0]) / 2;
                    double y = (view[2] + view[3]) / 2 + v * (view[3] - view[2]) / 2;
                    Tensor theta = Tensor.of(new double[] {x, y}, DType.FLOAT64, 2).requiresGrad(true);
                    GradCheck.check(in -> s.loss(in[0]), theta);
                });
    }

    @Test
    void theMinimaAreZeroAndTheFormulasAreTheDocumentedOnes() {
        for (Surface s : Surface.values()) {
            if (s.minimum() != null) {
                assertEquals(0, s.at(s.minimum()[0], s.minimum()[1]), 1e-12, s.id());
            }
        }
        assertNull(Surface.SADDLE.minimum());
        assertEquals(Math.pow(1 - 0.5, 2) + 100 * Math.pow(2 - 0.25, 2), Surface.ROSENBROCK.at(0.5, 2), 1e-12);
        assertEquals((4 + 25 * 9) / 2.0, Surface.QUADRATIC.at(2, 3), 1e-12);
        assertEquals(4 - 9, Surface.SADDLE.at(2, 3), 1e-12);
        double x = 2, y = -1;
        assertEquals(Math.pow(1.5 - x + x * y, 2) + Math.pow(2.25 - x + x * y * y, 2) + Math.pow(2.625 - x + x * y * y * y, 2),
                Surface.BEALE.at(x, y), 1e-12);
    }

    @Test
    void unknownNamesListTheValidOnes() {
        var f = assertThrows(IllegalArgumentException.class, () -> Surface.byId("rosenbrok"));
        assertEquals("unknown function 'rosenbrok' (valid: rosenbrock, beale, quadratic, saddle)", f.getMessage());
        var m = assertThrows(IllegalArgumentException.class, () -> Method.byId("rmsprob"));
        assertEquals("unknown optimizer 'rmsprob' (valid: sgd, momentum, nesterov, adam, amsgrad, adam-l2, adamw, newton, "
                + "damped-newton, or any registered optimizer: " + String.join(", ", OptimizerRegistry.names())
                + ")", m.getMessage());
        assertEquals(Method.ADAM_L2, Method.byId("ADAM-L2"));
    }

    /** Any registered optimizer draws a path too, with its PyTorch defaults at the given rate. */
    @Test
    void registeredOptimizersTakePartByName() {
        OptimizerRegistry.register("PlainSGD", SGD.class, SgdOptions.class,
                SgdOptions.of(0.5), SGD::new);
        try {
            Method plain = Method.byId("plainsgd");
            assertEquals("PlainSGD", plain.label());
            assertTrue(Method.all().contains(plain));
            Trajectories.Settings q = Trajectories.defaults(Surface.QUADRATIC);
            Trajectories.Path a = Trajectories.run(Surface.QUADRATIC, plain, q.sgdLr(), 0, q.start(), 50);
            Trajectories.Path b = Trajectories.run(Surface.QUADRATIC, Method.SGD, q.sgdLr(), 0, q.start(), 50);
            assertEquals(b.points(), a.points(), "the same rule under another name draws the same path");
        } finally {
            OptimizerRegistry.unregister("PlainSGD");
        }
    }

    @Test
    void csvHasARowForEveryPointOfEveryPath() {
        Trajectories.Path a = Trajectories.run(Surface.BEALE, Method.ADAM, 0.05, 0, new double[] {1, 1.5}, 5);
        Trajectories.Path b = Trajectories.run(Surface.BEALE, Method.ADAMW, 0.05, 0.1, new double[] {1, 1.5}, 7);
        List<String> lines = Trajectories.csv(List.of(a, b)).lines().toList();
        assertEquals("function,optimizer,lr,weight_decay,step,x,y,f", lines.get(0));
        assertEquals(1 + 6 + 8, lines.size());
        assertEquals("beale,adamw,0.05,0.1,7", String.join(",", Arrays.copyOf(lines.get(14).split(","), 5)));
        assertEquals("beale,adam,0.05,0,0,1.0,1.5", String.join(",", Arrays.copyOf(lines.get(1).split(","), 7)));
    }

    @Test
    void contourSegmentsLieOnTheirLevel() {
        Contours.Grid grid = Contours.sample(Surface.QUADRATIC, 81);
        double[] levels = Contours.levels(grid, 8, true);
        assertEquals(8, levels.length);
        for (int i = 1; i < levels.length; i++) {
            assertTrue(levels[i] > levels[i - 1]);
        }
        for (Contours.Level level : Contours.trace(grid, levels)) {
            assertTrue(level.xs().length > 0);
            for (int k = 0; k < level.xs().length; k++) {
                if (Double.isNaN(level.ys()[k])) {
                    continue;
                }
                double f = Surface.QUADRATIC.at(level.xs()[k], level.ys()[k]);
                // Linear interpolation along a cell edge of a quadratic: off by at most the curvature times
                // the cell's size squared over 8 (here 25 · 0.1² / 8 ≈ 0.03).
                assertEquals(level.level(), f, 0.05, "point " + k + " of level " + level.level());
            }
        }
    }

    @Test
    void paperDecayIsPyTorchDecayWithLambdaOverLrWhenThereIsNoSchedule() {
        // What wd-sweep relies on to run the paper's AdamW through the trainer's PyTorch-style one.
        double lr = 3e-3, lambda = 1e-3;
        Tensor a = Tensor.of(new double[] {1.5, -2, 0.25}, 3).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {1.5, -2, 0.25}, 3).requiresGrad(true);
        AdamW paper = new AdamW(List.of(a), AdamOptions.defaults().withLr(lr).withWeightDecay(lambda),
                WeightDecay.DECOUPLED_SCHEDULE_ONLY);
        AdamW pytorch = new AdamW(List.of(b), AdamOptions.defaults().withLr(lr).withWeightDecay(lambda / lr));
        for (int step = 0; step < 50; step++) {
            for (Tensor t : List.of(a, b)) {
                t.setGrad(Tensor.of(new double[] {Math.sin(step), 0.1, -step}, 3));
            }
            paper.step();
            pytorch.step();
        }
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(x[i], y[i], 1e-14);
        }
    }

    @Test
    void newtonReachesTheQuadraticsMinimumInOneStepAndTheDampedOneHalvesTheDistance() {
        Trajectories.Path p = Trajectories.run(Surface.QUADRATIC, Method.NEWTON, 0, 0, new double[] {-5, 2}, 3);
        assertEquals(4, p.points().size());
        assertEquals(0, p.points().get(1).x(), 1e-12);
        assertEquals(0, p.points().get(1).y(), 1e-12);
        Trajectories.Path d = Trajectories.run(Surface.QUADRATIC, Method.DAMPED_NEWTON, 0, 0, new double[] {-5, 2}, 4);
        for (int k = 0; k <= 4; k++) {
            // A straight line to the minimum (unlike gradient descent's curve), half the way each step.
            assertEquals(-5 * Math.pow(0.5, k), d.points().get(k).x(), 1e-12);
            assertEquals(2 * Math.pow(0.5, k), d.points().get(k).y(), 1e-12);
        }
    }

    @Test
    void newtonIsTrappedByTheSaddleWhereGradientDescentEscapes() {
        Trajectories.Settings s = Trajectories.defaults(Surface.SADDLE);
        Trajectories.Path newton = Trajectories.run(Surface.SADDLE, Method.NEWTON, 0, 0, s.start(), s.steps());
        assertEquals(s.steps() + 1, newton.points().size());
        assertEquals(0, newton.last().x(), 1e-12);
        assertEquals(0, newton.last().y(), 1e-12); // the stationary point of x² − y², not a minimum
        Trajectories.Point sgd = Trajectories.run(Surface.SADDLE, Method.SGD, s.sgdLr(), 0, s.start(), s.steps()).last();
        assertTrue(Math.abs(sgd.y()) > 0.1, "gradient descent moves off the saddle along −y²: " + sgd);
    }

    @Test
    void newtonSolvesRosenbrockInAFewSteps() {
        Trajectories.Path p = Trajectories.run(Surface.ROSENBROCK, Method.NEWTON, 0, 0, Surface.ROSENBROCK.start(), 20);
        assertEquals(1, p.last().x(), 1e-9);
        assertEquals(1, p.last().y(), 1e-9);
        assertTrue(p.points().get(8).f() < 1e-10, "f after 8 Newton steps: " + p.points().get(8).f());
    }

    /** LBFGS steps through a closure: at its own rate (lr 1) it reaches Rosenbrock's minimum in a few dozen steps. */
    @Test
    void lbfgsReachesRosenbrocksMinimumAtItsOwnRate() {
        Method lbfgs = Method.byId("lbfgs");
        Trajectories.Settings d = Trajectories.defaults(Surface.ROSENBROCK);
        assertEquals(1.0, d.lr(lbfgs));
        Trajectories.Path p = Trajectories.run(Surface.ROSENBROCK, lbfgs, d.lr(lbfgs), 0, d.start(), 50);
        Trajectories.Point end = p.points().get(p.points().size() - 1);
        assertEquals(1.0, end.x(), 1e-5);
        assertEquals(1.0, end.y(), 1e-5);
    }
}
