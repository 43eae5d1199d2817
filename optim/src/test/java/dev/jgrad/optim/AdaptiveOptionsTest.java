package dev.jgrad.optim;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** PyTorch 1.13's defaults, keyword names and argument checks for Adagrad, Adadelta, RMSprop, Rprop, Adamax, ASGD. */
class AdaptiveOptionsTest {

    private static void fails(String message, Executable construct) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construct).getMessage());
    }

    @Test
    void defaultsAndKeywordNamesAreTorchs() {
        assertEquals(Adagrad.Options.DEFAULTS, OptimizerRegistry.get("Adagrad").defaults());
        assertEquals(Adadelta.Options.DEFAULTS, OptimizerRegistry.get("Adadelta").defaults());
        assertEquals(RMSprop.Options.DEFAULTS, OptimizerRegistry.get("RMSprop").defaults());
        assertEquals(Rprop.Options.DEFAULTS, OptimizerRegistry.get("Rprop").defaults());
        assertEquals(Adamax.Options.DEFAULTS, OptimizerRegistry.get("Adamax").defaults());
        assertEquals(ASGD.Options.DEFAULTS, OptimizerRegistry.get("ASGD").defaults());
        assertEquals("Adagrad(lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)",
                OptimizerRegistry.get("Adagrad").describe(Map.of()));
        assertEquals("Adadelta(lr=1, rho=0.9, eps=1e-06, weight_decay=0)",
                OptimizerRegistry.get("adadelta").describe(Map.of()));
        assertEquals("RMSprop(lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0)",
                OptimizerRegistry.get("RMSprop").describe(Map.of()));
        assertEquals("Rprop(lr=0.01, etas=(0.5, 1.2), step_sizes=(1e-06, 50))",
                OptimizerRegistry.get("Rprop").describe(Map.of()));
        assertEquals("Adamax(lr=0.002, betas=(0.9, 0.999), eps=1e-08, weight_decay=0)",
                OptimizerRegistry.get("Adamax").describe(Map.of()));
        assertEquals("ASGD(lr=0.01, lambd=0.0001, alpha=0.75, t0=1000000, weight_decay=0)",
                OptimizerRegistry.get("ASGD").describe(Map.of()));
    }

    /** What JShell (and string concatenation) shows: the class name and the defaults, as PyTorch names them. */
    @Test
    void anOptimizerPrintsItsNameAndDefaults() {
        Tensor w = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        Tensor b = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
        Adagrad adagrad = new Adagrad(List.of(w), Adagrad.Options.DEFAULTS.withLr(0.5));
        assertEquals("Adagrad(lr=0.5, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)",
                adagrad.toString());
        adagrad.addParamGroup(List.of(b));
        assertEquals("Adagrad(lr=0.5, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)"
                + " [2 parameter groups]", adagrad.toString());
    }

    @Test
    void keywordArgumentsBuildTheOptions() {
        var rprop = OptimizerRegistry.get("Rprop").options(Map.of("etas", List.of(0.3, 1.5), "step_sizes",
                List.of(1e-4, 1.0)));
        assertEquals(new Rprop.Options(0.01, 0.3, 1.5, 1e-4, 1.0, false), rprop);
        var rms = OptimizerRegistry.get("RMSprop").options(Map.of("centered", true, "momentum", 0.8));
        assertEquals(new RMSprop.Options(0.01, 0.99, 1e-8, 0, 0.8, true, false), rms);
        Tensor p = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
        Optimizer<?> asgd = OptimizerRegistry.get("asgd").create(List.of(p), Map.of("t0", 10));
        assertEquals("ASGD", asgd.name());
        assertEquals(10.0, ((ASGD.Options) asgd.defaults()).t0());
    }

    @Test
    void badValuesAreRefusedWithPyTorchsMessageAndTheRange() {
        fails("Invalid learning rate: -0.1 (must be >= 0)", () -> Adagrad.Options.DEFAULTS.withLr(-0.1));
        fails("Invalid lrDecay value: -1.0 (must be >= 0)", () -> new Adagrad.Options(0.01, -1, 0, 0, 1e-10, false));
        fails("Invalid initialAccumulatorValue value: NaN (must be >= 0)",
                () -> new Adagrad.Options(0.01, 0, 0, Double.NaN, 1e-10, false));
        fails("Invalid epsilon value: -1.0E-10 (must be >= 0)",
                () -> new Adagrad.Options(0.01, 0, 0, 0, -1e-10, false));
        fails("Invalid rho value: 1.5 (must be in [0, 1])", () -> new Adadelta.Options(1, 1.5, 1e-6, 0, false));
        assertDoesNotThrow(() -> new Adadelta.Options(1, 1, 1e-6, 0, false));
        fails("Invalid weightDecay value: -0.1 (must be >= 0)", () -> new Adadelta.Options(1, 0.9, 1e-6, -0.1, false));
        fails("Invalid momentum value: -0.5 (must be >= 0)",
                () -> new RMSprop.Options(0.01, 0.99, 1e-8, 0, -0.5, false, false));
        fails("Invalid alpha value: -0.99 (must be >= 0)", () -> RMSprop.Options.DEFAULTS.withAlpha(-0.99));
        fails("Invalid eta values: 1.2, 0.5 (must be 0 < etaminus < 1 < etaplus)",
                () -> new Rprop.Options(0.01, 1.2, 0.5, 1e-6, 50, false));
        fails("Invalid eta values: 0.0, 1.2 (must be 0 < etaminus < 1 < etaplus)",
                () -> new Rprop.Options(0.01, 0, 1.2, 1e-6, 50, false));
        fails("Invalid step_sizes values: 50.0, 1.0E-6 (must be 0 <= min <= max)",
                () -> new Rprop.Options(0.01, 0.5, 1.2, 50, 1e-6, false));
        fails("Invalid beta parameter at index 1: 1.0 (must be in [0, 1))",
                () -> new Adamax.Options(2e-3, 0.9, 1.0, 1e-8, 0, false));
        fails("Invalid t0 value: -1.0 (must be >= 0)", () -> ASGD.Options.DEFAULTS.withT0(-1));
        fails("Invalid lambd value: NaN (must be >= 0)", () -> new ASGD.Options(0.01, Double.NaN, 0.75, 1e6, 0, false));
    }

    @Test
    void paramGroupsEachUseTheirOwnOptions() {
        // two groups in one optimizer == two optimizers, one per group
        Tensor a = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        Tensor a2 = Tensor.of(new double[] {1, -2}, 2).requiresGrad(true);
        Tensor b2 = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        RMSprop.Options slow = RMSprop.Options.DEFAULTS;
        RMSprop.Options fast = new RMSprop.Options(0.1, 0.9, 1e-8, 0.01, 0.5, true, false);
        RMSprop both = new RMSprop(slow, List.of(new ParamGroup<>(List.of(a), slow),
                new ParamGroup<>(List.of(b), fast)));
        RMSprop onlyA = new RMSprop(List.of(a2), slow), onlyB = new RMSprop(List.of(b2), fast);
        for (int k = 0; k < 5; k++) {
            for (Tensor t : List.of(a, b, a2, b2)) {
                double[] g = t.toDoubleArray();
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] * g[i] - 0.5 * k;
                }
                t.setGrad(Tensor.of(g, g.length));
            }
            both.step();
            onlyA.step();
            onlyB.step();
        }
        assertArrayEquals(a2.toDoubleArray(), a.toDoubleArray());
        assertArrayEquals(b2.toDoubleArray(), b.toDoubleArray());
        assertNotEquals(a2.toDoubleArray()[0], 1.0);
    }
}
