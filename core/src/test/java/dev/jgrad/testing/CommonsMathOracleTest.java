package dev.jgrad.testing;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An oracle independent of jgrad: Commons Math's forward-mode {@link DerivativeStructure} computes
 * the same composed functions, and both gradients must agree to rounding.
 */
class CommonsMathOracleTest {

    private record Case(String name,
                        Function<Tensor[], Tensor> jgrad,
                        Function<DerivativeStructure[], DerivativeStructure> oracle) {}

    private static final Case[] CASES = {
        new Case("tanh(x·y) + exp(x)/y",
                v -> v[0].mul(v[1]).tanh().add(v[0].exp().div(v[1])),
                d -> d[0].multiply(d[1]).tanh().add(d[0].exp().divide(d[1]))),
        new Case("log(x² + 1)·sigmoid(y) − sqrt(|x| + 2)",
                v -> v[0].pow(2).add(1).log().mul(v[1].sigmoid()).sub(v[0].abs().add(2).sqrt()),
                d -> d[0].pow(2).add(1).log().multiply(sigmoid(d[1])).subtract(d[0].abs().add(2).sqrt())),
        new Case("max(x, y)·y − min(x, y)³",
                v -> v[0].maximum(v[1]).mul(v[1]).sub(v[0].minimum(v[1]).pow(3)),
                d -> max(d[0], d[1]).multiply(d[1]).subtract(min(d[0], d[1]).pow(3))),
        new Case("logsumexp(x, y, x·y) − relu(x − y)",
                v -> Tensor.scalar(0, DType.FLOAT64).add(stack(v[0], v[1], v[0].mul(v[1])).logsumexp(0))
                        .sub(v[0].sub(v[1]).relu()),
                d -> d[0].exp().add(d[1].exp()).add(d[0].multiply(d[1]).exp()).log()
                        .subtract(relu(d[0].subtract(d[1])))),
    };

    private static Tensor stack(Tensor a, Tensor b, Tensor c) {
        return a.reshape(1).expand(3).mul(Tensor.of(new double[] {1, 0, 0}, 3))
                .add(b.reshape(1).expand(3).mul(Tensor.of(new double[] {0, 1, 0}, 3)))
                .add(c.reshape(1).expand(3).mul(Tensor.of(new double[] {0, 0, 1}, 3)));
    }

    private static DerivativeStructure sigmoid(DerivativeStructure x) {
        return x.negate().exp().add(1).reciprocal();
    }

    private static DerivativeStructure relu(DerivativeStructure x) {
        return x.getValue() > 0 ? x : x.multiply(0);
    }

    private static DerivativeStructure max(DerivativeStructure a, DerivativeStructure b) {
        return a.getValue() >= b.getValue() ? a : b;
    }

    private static DerivativeStructure min(DerivativeStructure a, DerivativeStructure b) {
        return a.getValue() <= b.getValue() ? a : b;
    }

    @Test
    void jgradGradientsAgreeWithForwardModeDerivatives() {
        Generator gen = new Generator(2024);
        for (Case c : CASES) {
            for (int trial = 0; trial < 50; trial++) {
                double x = 4 * gen.nextDouble() - 2, y = 4 * gen.nextDouble() - 2;
                if (Math.abs(x - y) < 1e-3 || Math.abs(y) < 1e-2) {
                    continue;                                               // kinks and the pole of 1/y
                }
                Tensor tx = Tensor.scalar(x, DType.FLOAT64).requiresGrad(true);
                Tensor ty = Tensor.scalar(y, DType.FLOAT64).requiresGrad(true);
                Tensor out = c.jgrad().apply(new Tensor[] {tx, ty});
                out.backward();
                DerivativeStructure dx = new DerivativeStructure(2, 1, 0, x), dy = new DerivativeStructure(2, 1, 1, y);
                DerivativeStructure ref = c.oracle().apply(new DerivativeStructure[] {dx, dy});
                String where = c.name() + " at (" + x + ", " + y + ")";
                assertEquals(ref.getValue(), out.item(), 1e-12 * (1 + Math.abs(ref.getValue())), where);
                assertEquals(ref.getPartialDerivative(1, 0), tx.grad().item(), 1e-10 * (1 + Math.abs(ref.getPartialDerivative(1, 0))), where);
                assertEquals(ref.getPartialDerivative(0, 1), ty.grad().item(), 1e-10 * (1 + Math.abs(ref.getPartialDerivative(0, 1))), where);
            }
        }
    }
}
