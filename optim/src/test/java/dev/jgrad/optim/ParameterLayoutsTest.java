package dev.jgrad.optim;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A parameter need not be a dense tensor starting at offset 0 of its storage: a slice of a larger buffer
 * (offset ≠ 0), a transposed view, or a transposed gradient, in either dtype, all take the copying
 * paths of the step. For every registered optimizer (LBFGS aside: it needs a closure), each layout gives
 * exactly the bits of the dense parameter, leaves the rest of a shared buffer alone, and counts as an
 * in-place write, so a graph that saved θ refuses to run backward after the step, as in PyTorch.
 */
class ParameterLayoutsTest {
    private static final int ROWS = 3, COLS = 4, STEPS = 3;

    /** One way to hold θ: builds a parameter of shape [ROWS, COLS] with the given values. */
    private record Layout(String name, DType dtype, Function<double[], Tensor> make) {}

    private static double[] transposed(double[] rowMajor) {
        double[] out = new double[rowMajor.length];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                out[c * ROWS + r] = rowMajor[r * COLS + c];
            }
        }
        return out;
    }

    /** θ as rows 1..3 of a 5-row buffer whose rows 0 and 4 hold 7.0. */
    private static Tensor slice(double[] theta, DType dtype) {
        double[] big = new double[(ROWS + 2) * COLS];
        Arrays.fill(big, 7.0);
        System.arraycopy(theta, 0, big, COLS, theta.length);
        return Tensor.of(big, dtype, ROWS + 2, COLS).narrow(0, 1, ROWS).detach().requiresGrad(true);
    }

    private static final List<Layout> LAYOUTS = List.of(
            new Layout("float64 slice at offset " + COLS, DType.FLOAT64, t -> slice(t, DType.FLOAT64)),
            new Layout("float64 transposed view", DType.FLOAT64,
                    t -> Tensor.of(transposed(t), COLS, ROWS).t().detach().requiresGrad(true)),
            new Layout("float32 slice at offset " + COLS, DType.FLOAT32, t -> slice(t, DType.FLOAT32)),
            new Layout("float32 transposed view", DType.FLOAT32,
                    t -> Tensor.of(transposed(t), DType.FLOAT32, COLS, ROWS).t().detach().requiresGrad(true)));

    private static double[] random(Random rnd) {
        double[] v = new double[ROWS * COLS];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    private static Optimizer<?> create(String name, Tensor p) {
        return OptimizerRegistry.get(name).create(List.of(p), Map.of("lr", 0.01));
    }

    /** θ after STEPS steps with the given gradients, each made by {@code grad} from its values. */
    private static double[] run(String name, Tensor p, List<double[]> grads, Function<double[], Tensor> grad) {
        Optimizer<?> opt = create(name, p);
        for (double[] g : grads) {
            p.setGrad(grad.apply(g));
            opt.step();
        }
        return p.toDoubleArray();
    }

    /** θ₀ and STEPS gradients, from {@code seed}. */
    private record Run(double[] theta0, List<double[]> grads) {
        static Run of(long seed) {
            Random rnd = new Random(seed);
            double[] theta0 = random(rnd);
            List<double[]> grads = new ArrayList<>();
            for (int k = 0; k < STEPS; k++) {
                grads.add(random(rnd));
            }
            return new Run(theta0, grads);
        }
    }

    private static List<String> optimizers() {
        List<String> names = new ArrayList<>(OptimizerRegistry.names());
        names.remove("LBFGS");
        assertTrue(names.size() >= 10, "the shelf: " + names);
        return names;
    }

    @Test
    void everyLayoutStepsToTheDenseParametersBits() {
        Run r = Run.of(12);
        double[] theta0 = r.theta0();
        List<double[]> grads = r.grads();
        for (String name : optimizers()) {
            for (Layout layout : LAYOUTS) {
                Tensor dense = Tensor.of(theta0, layout.dtype(), ROWS, COLS).requiresGrad(true);
                double[] expected = run(name, dense, grads, g -> Tensor.of(g, layout.dtype(), ROWS, COLS));
                Tensor p = layout.make().apply(theta0);
                assertTrue(!p.isContiguous() || p.offset() != 0, layout.name() + " is not the dense layout");
                double[] actual = run(name, p, grads, g -> Tensor.of(g, layout.dtype(), ROWS, COLS));
                assertArrayEquals(expected, actual, 0.0, name + ", " + layout.name());
                assertFalse(Arrays.equals(theta0, actual), name + " moved θ");
                if (p.offset() != 0) {
                    double[] buffer = p.storage().dtype() == DType.FLOAT64 ? p.storage().f64() : toDouble(p.storage().f32());
                    for (int i = 0; i < COLS; i++) {
                        assertEquals(7.0, buffer[i], 0.0, name + ": the row before the slice was written");
                        assertEquals(7.0, buffer[buffer.length - 1 - i], 0.0, name + ": the row after the slice was written");
                    }
                }
            }
        }
    }

    @Test
    void aStridedGradientGivesTheSameStep() {
        Run r = Run.of(13);
        double[] theta0 = r.theta0();
        List<double[]> grads = r.grads();
        for (String name : optimizers()) {
            for (DType dtype : DType.values()) {
                double[] expected = run(name, Tensor.of(theta0, dtype, ROWS, COLS).requiresGrad(true), grads,
                        g -> Tensor.of(g, dtype, ROWS, COLS));
                double[] stridedGrad = run(name, Tensor.of(theta0, dtype, ROWS, COLS).requiresGrad(true), grads,
                        g -> Tensor.of(transposed(g), dtype, COLS, ROWS).t());
                assertArrayEquals(expected, stridedGrad, 0.0, name + ", " + dtype + " with a transposed gradient");
            }
        }
    }

    @Test
    void aStepIsAnInPlaceWriteThatSavedGraphsNotice() {
        Random rnd = new Random(14);
        double[] theta0 = random(rnd), g = random(rnd);
        List<Layout> all = new ArrayList<>(LAYOUTS);
        all.add(new Layout("float64 dense", DType.FLOAT64, t -> Tensor.of(t, ROWS, COLS).requiresGrad(true)));
        all.add(new Layout("float32 dense", DType.FLOAT32, t -> Tensor.of(t, DType.FLOAT32, ROWS, COLS).requiresGrad(true)));
        for (String name : optimizers()) {
            for (Layout layout : all) {
                Tensor p = layout.make().apply(theta0);
                Optimizer<?> opt = create(name, p);
                Tensor loss = p.mul(p).sum();   // saves θ for its backward
                int before = p.storage().version();
                p.setGrad(Tensor.of(g, layout.dtype(), ROWS, COLS));
                opt.step();
                assertTrue(p.storage().version() > before, name + ", " + layout.name() + ": the step did not count as a write");
                IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward, name + ", " + layout.name());
                assertTrue(e.getMessage().contains("was modified in place after it was used"), e.getMessage());
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
