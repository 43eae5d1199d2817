package dev.jgrad.optim;

import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerRegistryTest {

    private static List<Tensor> params() {
        return List.of(Tensor.of(new double[] {1, 2}, 1, 2).requiresGrad(true));   // a matrix: Muon takes nothing else
    }

    @Test
    void everyBuiltInResolvesByPyTorchNameInAnyCaseFromItsDefaults() {
        for (String name : OptimizerRegistry.names()) {
            var entry = OptimizerRegistry.get(name.toUpperCase(Locale.ROOT));
            assertEquals(name, entry.name());
            Optimizer<?> opt = entry.create(params(), Map.of("lr", 0.5));
            assertEquals(name, opt.name());
            assertEquals(0.5, opt.paramGroups().get(0).lr());
            assertTrue(entry.optionNames().contains("lr"), name + " takes lr");
            assertTrue(!entry.box().isEmpty(), name + ": its Javadoc box is readable through the registry");
            entry.box().forEach(line -> assertTrue(!line.matches(".*&(lt|gt|amp);.*"),
                    name + ": the box shows the characters, not Javadoc's escapes: " + line));
        }
    }

    @Test
    void kwargsBecomeTheOptionsRecordAndBack() {
        var adamW = OptimizerRegistry.get("AdamW");
        Object o = adamW.options(Map.of("lr", 0.1, "betas", List.of(0.8, 0.99), "amsgrad", true));
        assertEquals(AdamOptions.adamWDefaults().withLr(0.1).withBetas(0.8, 0.99).withAmsgrad(true), o);
        assertEquals("AdamW(lr=0.1, betas=(0.8, 0.99), eps=1e-08, weight_decay=0.01, amsgrad=True)",
                adamW.describe(Map.of("lr", 0.1, "betas", List.of(0.8, 0.99), "amsgrad", true)));
        var sgd = OptimizerRegistry.get("sgd");
        assertEquals(SgdOptions.of(0.1).withMomentum(0.9).withNesterov(true),
                sgd.options(Map.of("lr", 0.1, "momentum", 0.9, "nesterov", true)));
        assertEquals(List.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"), sgd.optionNames());
    }

    @Test
    void badNamesAndValuesAreRefusedByName() {
        assertEquals("unknown optimizer 'rmsprob' (known: " + String.join(", ", OptimizerRegistry.names()) + ")",
                assertThrows(IllegalArgumentException.class, () -> OptimizerRegistry.get("rmsprob")).getMessage());
        var adam = OptimizerRegistry.get("Adam");
        assertEquals("unknown option 'momentum' for Adam (known: amsgrad, betas, eps, lr, maximize, weight_decay)",
                assertThrows(IllegalArgumentException.class, () -> adam.options(Map.of("momentum", 0.9))).getMessage());
        assertEquals("option 'lr' of Adam must be a number, got \"fast\"",
                assertThrows(IllegalArgumentException.class, () -> adam.options(Map.of("lr", "fast"))).getMessage());
        assertEquals("option 'betas' of Adam must be a list of 2 values, got 0.9",
                assertThrows(IllegalArgumentException.class, () -> adam.options(Map.of("betas", 0.9))).getMessage());
        assertEquals("option 'amsgrad' of Adam must be true or false, got 1",
                assertThrows(IllegalArgumentException.class, () -> adam.options(Map.of("amsgrad", 1))).getMessage());
        assertEquals("Invalid beta parameter at index 1: 1.0 (must be in [0, 1))",
                assertThrows(IllegalArgumentException.class, () -> adam.options(Map.of("betas", List.of(0.9, 1.0))))
                        .getMessage());
        assertEquals("SGD needs option 'lr' (PyTorch 1.13 has no default for it)",
                assertThrows(IllegalArgumentException.class, () -> OptimizerRegistry.get("SGD").checkRequired(Map.of()))
                        .getMessage());
    }

    /** A user's optimizer joins with one line and is then found like a built-in. */
    @Test
    void aRegisteredOptimizerIsFoundLikeABuiltIn() {
        var e = OptimizerRegistry.register("SGDAgain", SGD.class, SgdOptions.class, SgdOptions.of(0.2), SGD::new);
        try {
            assertSame(e, OptimizerRegistry.get("sgdagain"));
            assertEquals(0.2, e.create(params(), Map.of()).paramGroups().get(0).lr());
        } finally {
            assertTrue(OptimizerRegistry.unregister("SGDAgain"));
        }
        assertTrue(!OptimizerRegistry.has("SGDAgain"));
    }

    /** Python's repr of the same floats (python3 -c 'print(repr(1e308), repr(-1.5e16), ...)'). */
    @Test
    void numbersReadAsPythonsReprWithoutHundredsOfDigits() {
        assertEquals("1e+308", OptimizerRegistry.number(1e308));
        assertEquals("-1.5e+16", OptimizerRegistry.number(-1.5e16));
        assertEquals("1000000000000000", OptimizerRegistry.number(1e15));
        assertEquals("0.001", OptimizerRegistry.number(0.001));
        assertEquals("0.0001", OptimizerRegistry.number(1e-4));
        assertEquals("1e-08", OptimizerRegistry.number(1e-8));
        assertEquals("1.2345678e-05", OptimizerRegistry.number(1.2345678e-5));
        assertEquals("0", OptimizerRegistry.number(0));
    }
}
