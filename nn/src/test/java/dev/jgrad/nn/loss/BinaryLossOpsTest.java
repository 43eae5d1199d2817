package dev.jgrad.nn.loss;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.GradCheck;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two ops behind the binary cross-entropy losses: gradcheck and second derivatives over random shapes. */
class BinaryLossOpsTest {
    @Test
    void softplusOfMinusXHasTheDerivativeOfTheSmoothFunctionAndASecondOne() {
        Property.named("softplus(−x) gradcheck and gradgradcheck").forAll(Gens.shapes(0, 3, 4),
                Gens.ints(0, 1_000_000), (s, seed) -> {
                    Tensor x = Tensor.uniform(new Generator(seed), -8, 8, DType.FLOAT64, s).requiresGrad(true);
                    GradCheck.check(in -> SoftplusNeg.apply(in[0]), x);
                    GradCheck.gradgradcheck(in -> SoftplusNeg.apply(in[0]), x);
                });
    }

    @Test
    void softplusOfMinusXAtZeroIsLog2WithSlopeMinusHalf() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
        Tensor y = SoftplusNeg.apply(x);
        assertArrayEquals(new double[] {Math.log(2), Math.log(2)}, y.toDoubleArray(), 1e-16);
        y.sum().backward();
        assertArrayEquals(new double[] {-0.5, -0.5}, x.grad().toDoubleArray(), 0);
        // far out it neither overflows nor loses the linear part
        assertEquals(1000, SoftplusNeg.apply(Tensor.of(new double[] {-1000}, DType.FLOAT64, 1)).item(), 0);
        assertEquals(0, SoftplusNeg.apply(Tensor.of(new double[] {1000}, DType.FLOAT64, 1)).item(), 0);
    }

    @Test
    void binaryCrossEntropyInPAndYAndItsSecondDerivatives() {
        Property.named("binary cross-entropy gradcheck and gradgradcheck in p and y").forAll(Gens.shapes(0, 3, 4),
                Gens.ints(0, 1_000_000), (s, seed) -> {
                    Generator gen = new Generator(seed);
                    Tensor p = Tensor.uniform(gen, 0.05, 0.95, DType.FLOAT64, s).requiresGrad(true);
                    Tensor y = Tensor.uniform(gen, 0, 1, DType.FLOAT64, s).requiresGrad(true);
                    GradCheck.check(in -> BinaryCrossEntropy.apply(in[0], in[1]), p, y);
                    GradCheck.gradgradcheck(in -> BinaryCrossEntropy.apply(in[0], in[1]), p, y);
                });
    }
}
