package dev.jgrad.optim;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import dev.jgrad.testing.ShapedArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ClipGradLawsTest {
    private static final Gen<List<ShapedArray>> GRADS =
            Gen.listOf(Gens.shapedArrays(LawGens.shapes(), -5, 5), 1, 4);
    private static final Gen<NormType> NORMS = Gen.choose(Gen.constant(NormType.L2), Gen.constant(NormType.INF),
            Gens.doubles(1, 4).map(NormType::p));

    private static List<Tensor> params(List<ShapedArray> grads) {
        List<Tensor> out = new ArrayList<>();
        for (ShapedArray g : grads) {
            Tensor p = Tensor.zeros(DType.FLOAT64, g.shape()).requiresGrad(true);
            p.setGrad(Tensor.of(g.data(), g.shape()));
            out.add(p);
        }
        return out;
    }

    @Test
    void clippingByNormCapsTheNormAndKeepsTheDirection() {
        Property.named("‖clip(g)‖ ≤ maxNorm, clip(g) = c·g with 0 < c ≤ 1")
                .forAll(GRADS, Gens.doubles(1e-3, 20), NORMS, (grads, maxNorm, type) -> {
                    List<Tensor> ps = params(grads);
                    double before = ClipGrad.byNorm(ps, maxNorm, type, NonFinite.ERROR);
                    double after = ClipGrad.byNorm(ps, Double.MAX_VALUE, type, NonFinite.ERROR);
                    assertTrue(after <= Math.min(before, maxNorm) * (1 + 1e-12), after + " > min(" + before + ", " + maxNorm + ")");
                    double c = Math.min(1, maxNorm / (before + 1e-6));
                    for (int k = 0; k < ps.size(); k++) {
                        double[] g = grads.get(k).data();
                        double[] clipped = ps.get(k).grad().toDoubleArray();
                        for (int i = 0; i < g.length; i++) {
                            assertEquals(c * g[i], clipped[i], 1e-15 * Math.abs(g[i]));
                        }
                    }
                });
    }

    @Test
    void clippingByValueIsAClampAndIdempotent() {
        Property.named("byValue clamps into [−c, c] and a second clip changes nothing")
                .forAll(GRADS, Gens.doubles(0, 6), (grads, clip) -> {
                    List<Tensor> ps = params(grads);
                    ClipGrad.byValue(ps, clip);
                    List<double[]> once = ps.stream().map(p -> p.grad().toDoubleArray()).toList();
                    ClipGrad.byValue(ps, clip);
                    for (int k = 0; k < ps.size(); k++) {
                        double[] g = grads.get(k).data();
                        // clamp's order, max then min: it decides the sign of a zero when c = −0.0
                        for (int i = 0; i < g.length; i++) {
                            assertEquals(Math.min(Math.max(g[i], -clip), clip), once.get(k)[i]);
                        }
                        assertArrayEquals(once.get(k), ps.get(k).grad().toDoubleArray());
                    }
                });
    }
}
