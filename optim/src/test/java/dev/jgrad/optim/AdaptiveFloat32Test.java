package dev.jgrad.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.optim.laws.OptimizerLaws;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The six rules have no float32 loop of their own: for float32 parameters the framework widens θ and g to
 * double, runs the float64 loop on float64 state and rounds θ back. That is checked exactly, against a
 * float64 parameter whose gradients and θ are rounded to float around every step.
 */
class AdaptiveFloat32Test {

    private static double[] roundToFloat(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    @Test
    void float32ParametersRunTheFloat64LoopAndRoundThetaBack() {
        List<Function<List<Tensor>, Optimizer<?>>> all = List.of(
                p -> new Adagrad(p, new Adagrad.Options(0.1, 0.01, 0.05, 0.1, 1e-8, false)),
                p -> new Adadelta(p, new Adadelta.Options(0.5, 0.8, 1e-5, 0.05, true)),
                p -> new RMSprop(p, new RMSprop.Options(0.01, 0.9, 1e-6, 0.05, 0.8, true, false)),
                p -> new Rprop(p, new Rprop.Options(0.05, 0.3, 1.5, 1e-4, 1, false)),
                p -> new Adamax(p, new Adamax.Options(0.02, 0.8, 0.99, 1e-6, 0.05, false)),
                p -> new ASGD(p, new ASGD.Options(0.05, 1e-3, 0.6, 2, 0.05, false)));
        for (Function<List<Tensor>, Optimizer<?>> make : all) {
            String law = "float32 θ == float64 loop with θ and g rounded to float";
            Property.named(law).forAll(OptimizerLaws.runs(), run -> {
                double[] theta0 = roundToFloat(run.theta0().data());
                int[] shape = run.theta0().shape();
                Tensor f32 = Tensor.of(theta0, DType.FLOAT32, shape).requiresGrad(true);
                Tensor f64 = Tensor.of(theta0, shape).requiresGrad(true);
                Optimizer<?> a = make.apply(List.of(f32)), b = make.apply(List.of(f64));
                for (int k = 0; k < run.grads().size(); k++) {
                    double[] g = roundToFloat(run.grads().get(k));
                    f32.setGrad(Tensor.of(g, DType.FLOAT32, shape));
                    f64.setGrad(Tensor.of(g, shape));
                    a.step();
                    b.step();
                    double[] rounded = roundToFloat(f64.toDoubleArray());
                    Autograd.noGrad(() -> f64.copyFrom(rounded));
                    assertEquals(DType.FLOAT32, f32.dtype());
                    assertArrayEquals(rounded, f32.toDoubleArray(), a.name() + ", step " + (k + 1));
                }
            });
        }
    }
}
