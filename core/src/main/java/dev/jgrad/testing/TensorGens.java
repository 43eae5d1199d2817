package dev.jgrad.testing;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

/**
 * Generators of tensors for property tests, built on {@link Gens#shapedArrays}: shapes shrink first
 * (fewer and smaller dimensions), then values (towards simple numbers). Every try gets fresh tensors
 * that do not require grad; a test turns that on itself.
 *
 * <pre>{@code
 * Property.named("d tanh / dx").forAll(TensorGens.tensors(Gens.shapes(3, 4), -3, 3), x ->
 *         GradCheck.check(in -> in[0].tanh(), x.requiresGrad(true)));
 * }</pre>
 */
public final class TensorGens {
    /** How far {@link #valuesAvoiding} keeps from a kink: far beyond gradcheck's ε = 1e-6. */
    public static final double KINK_MARGIN = 1e-2;

    private TensorGens() {}

    /** Tensors of the generated shapes with elements from {@code values}, in {@code dtype}. */
    public static Gen<Tensor> tensors(Gen<int[]> shapes, Gen<Double> values, DType dtype) {
        return Gens.shapedArrays(shapes, values).map(a -> Tensor.of(a.data(), dtype, a.shape()));
    }

    /** float64 tensors (what gradcheck needs) with elements uniform in [min, max]. */
    public static Gen<Tensor> tensors(Gen<int[]> shapes, double min, double max) {
        return tensors(shapes, Gens.doubles(min, max), DType.FLOAT64);
    }

    /** Tensors of one fixed shape. */
    public static Gen<Tensor> tensors(int[] shape, Gen<Double> values, DType dtype) {
        return Gens.doubleArrays(shape, values).map(d -> Tensor.of(d, dtype, shape.clone()));
    }

    /** Two tensors whose shapes broadcast together (ranks may differ, size-1 dimensions stretch). */
    public static Gen<Pair<Tensor, Tensor>> broadcastablePair(int maxRank, int maxDim, Gen<Double> values, DType dtype) {
        return broadcastablePair(maxRank, maxDim, ZeroSize.EXCLUDED, values, dtype);
    }

    /** Like {@link #broadcastablePair(int, int, Gen, DType)}, with zero-size dimensions if {@code zeros} allows. */
    public static Gen<Pair<Tensor, Tensor>> broadcastablePair(int maxRank, int maxDim, ZeroSize zeros,
                                                            Gen<Double> values, DType dtype) {
        return Gens.broadcastablePair(maxRank, maxDim, zeros).flatMap(shapes -> Gen.zip(
                tensors(shapes.first(), values, dtype), tensors(shapes.second(), values, dtype)));
    }

    /**
     * Values in [min, max] at least {@link #KINK_MARGIN} away from every kink, e.g. 0 for relu and
     * abs: finite differences across a kink measure neither one-sided derivative.
     */
    public static Gen<Double> valuesAvoiding(double min, double max, double... kinks) {
        return Gens.doublesAvoiding(min, max, kinks, KINK_MARGIN);
    }
}
