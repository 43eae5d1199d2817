package dev.jgrad.optim;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Bad hyper-parameters fail at construction, naming the parameter, the value and the valid range. */
class OptionsValidationTest {

    private static void fails(String message, Executable construct) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, construct).getMessage());
    }

    @Test
    void defaultsAreTorchs() {
        assertEquals(new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 0, false, false), AdamOptions.defaults());
        assertEquals(new AdamOptions(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false), AdamOptions.adamWDefaults());
        assertEquals(new SgdOptions(0.1, 0, 0, 0, false, false), SgdOptions.of(0.1));
        Tensor p = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        assertEquals(AdamOptions.adamWDefaults(), new AdamW(List.of(p)).paramGroups().get(0).options());
        assertEquals(WeightDecay.DECOUPLED, new AdamW(List.of(p)).weightDecay());
        assertEquals(AdamOptions.defaults(), new Adam(List.of(p)).defaults());
    }

    @Test
    void sgdChecksAsPyTorchDoes() {
        fails("Invalid learning rate: -0.1 (must be >= 0)", () -> SgdOptions.of(-0.1));
        fails("Invalid learning rate: NaN (must be >= 0)", () -> SgdOptions.of(Double.NaN));
        fails("Invalid momentum value: -0.9 (must be >= 0)", () -> SgdOptions.of(0.1).withMomentum(-0.9));
        fails("Invalid weightDecay value: -0.01 (must be >= 0)", () -> SgdOptions.of(0.1).withWeightDecay(-0.01));
        fails("Nesterov momentum requires a momentum and zero dampening (got momentum 0.0, dampening 0.0)",
                () -> SgdOptions.of(0.1).withNesterov(true));
        fails("Nesterov momentum requires a momentum and zero dampening (got momentum 0.9, dampening 0.1)",
                () -> new SgdOptions(0.1, 0.9, 0.1, 0, true, false));
        assertDoesNotThrow(() -> new SgdOptions(0.1, 0.9, 0, 0, true, false));
    }

    @Test
    void adamChecksAsPyTorchDoes() {
        AdamOptions d = AdamOptions.defaults();
        fails("Invalid learning rate: -0.001 (must be >= 0)", () -> d.withLr(-0.001));
        fails("Invalid epsilon value: -1.0E-8 (must be >= 0)", () -> d.withEps(-1e-8));
        fails("Invalid beta parameter at index 0: 1.0 (must be in [0, 1))", () -> d.withBetas(1.0, 0.999));
        fails("Invalid beta parameter at index 0: -0.1 (must be in [0, 1))", () -> d.withBetas(-0.1, 0.999));
        fails("Invalid beta parameter at index 1: 1.5 (must be in [0, 1))", () -> d.withBetas(0.9, 1.5));
        fails("Invalid weightDecay value: -0.1 (must be >= 0)", () -> d.withWeightDecay(-0.1));
        assertDoesNotThrow(() -> d.withBetas(0, 0).withEps(0).withLr(0));
    }

    @Test
    void adamWRefusesCoupledDecay() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        fails("AdamW's weight decay must be decoupled (DECOUPLED or DECOUPLED_SCHEDULE_ONLY); coupled L2 is Adam",
                () -> new AdamW(List.of(p), AdamOptions.adamWDefaults(), WeightDecay.COUPLED_L2));
    }

    @Test
    void clippingAndNormArgumentsAreChecked() {
        fails("Invalid maxNorm: -1.0 (must be >= 0)", () -> ClipGrad.byNorm(List.of(), -1));
        fails("Invalid clip value: -0.5 (must be >= 0)", () -> ClipGrad.byValue(List.of(), -0.5));
        fails("Invalid norm type: 0.0 (must be > 0, or infinity)", () -> NormType.p(0));
    }
}
