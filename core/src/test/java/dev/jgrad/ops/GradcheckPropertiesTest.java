package dev.jgrad.ops;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.KeepDim;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.GradCheck;
import dev.jgrad.testing.Pair;
import dev.jgrad.testing.Property;
import dev.jgrad.testing.TensorGens;
import dev.jgrad.testing.ZeroSize;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Every differentiable op passes a float64 gradcheck on random shapes (rank 0 to 3), including
 * broadcasting for the binary ops and zero-size dimensions (one shape in five), which PyTorch
 * allows for all of them except a maximum over an empty dimension. Inputs keep away from points
 * where an op is not differentiable; values include the generators' edge cases (±0, subnormals,
 * values next to 1 and to the range ends) and, as [-3, 3] spans several orders of magnitude, small
 * magnitudes down to 3e-6.
 */
class GradcheckPropertiesTest {
    private static final Gen<int[]> SHAPES = Gens.shapes(0, 3, 4, ZeroSize.ALLOWED);
    private static final Gen<int[]> RANKED = Gens.shapes(1, 3, 4, ZeroSize.ALLOWED);
    private static final Gen<Double> ANY = Gens.doubles(-3, 3);
    private static final Gen<Double> POSITIVE = Gens.doubles(0.2, 3);
    private static final Gen<Double> NONZERO = TensorGens.valuesAvoiding(-3, 3, 0);

    private static void unary(String law, Gen<Double> values, UnaryOperator<Tensor> op) {
        Property.named(law).forAll(TensorGens.tensors(SHAPES, values, DType.FLOAT64),
                x -> GradCheck.check(in -> op.apply(in[0]), x.requiresGrad(true)));
    }

    private interface Binary {
        Tensor apply(Tensor a, Tensor b);
    }

    private static void binary(String law, Gen<Double> values, Binary op) {
        Gen<Pair<Tensor, Tensor>> pairs = TensorGens.broadcastablePair(3, 3, ZeroSize.ALLOWED, values, DType.FLOAT64);
        Property.named(law).forAll(pairs, p -> GradCheck.check(in -> op.apply(in[0], in[1]),
                p.first().requiresGrad(true), p.second().requiresGrad(true)));
    }

    @Test void add() { binary("gradcheck add (broadcast)", ANY, Tensor::add); }
    @Test void sub() { binary("gradcheck sub (broadcast)", ANY, Tensor::sub); }
    @Test void mul() { binary("gradcheck mul (broadcast)", ANY, Tensor::mul); }
    @Test void div() { binary("gradcheck div (broadcast)", TensorGens.valuesAvoiding(-3, 3, 0, -0.25, 0.25), Tensor::div); }
    // max and min have a kink where the arguments tie; the generators like range ends (3.0) and simple
    // values (0.0), so a small irrational ramp keeps every element distinct.
    @Test void maximum() { binary("gradcheck maximum (broadcast)", ANY, (a, b) -> distinct(a, 0.618).maximum(distinct(b, 0.414))); }
    @Test void minimum() { binary("gradcheck minimum (broadcast)", ANY, (a, b) -> distinct(a, 0.618).minimum(distinct(b, 0.414))); }

    /** x + 0.01·φ·(i + 1) for element i, differentiable and with no two elements equal. */
    private static Tensor distinct(Tensor x, double phi) {
        double[] ramp = new double[x.numel()];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 0.01 * phi * (i + 1);
        }
        return x.add(Tensor.of(ramp, DType.FLOAT64, x.shape()));
    }

    @Test void neg() { unary("gradcheck neg", ANY, Tensor::neg); }
    @Test void exp() { unary("gradcheck exp", ANY, Tensor::exp); }
    @Test void log() { unary("gradcheck log", POSITIVE, Tensor::log); }
    @Test void sqrt() { unary("gradcheck sqrt", POSITIVE, Tensor::sqrt); }
    @Test void abs() { unary("gradcheck abs", NONZERO, Tensor::abs); }
    @Test void tanh() { unary("gradcheck tanh", ANY, Tensor::tanh); }
    @Test void sigmoid() { unary("gradcheck sigmoid", ANY, Tensor::sigmoid); }
    @Test void relu() { unary("gradcheck relu", NONZERO, Tensor::relu); }
    @Test void clamp() { unary("gradcheck clamp", TensorGens.valuesAvoiding(-3, 3, -0.5, 1), x -> x.clamp(-0.5, 1)); }

    @Test
    void pow() {
        Gen<Double> exponents = Gen.oneOf(2.0, 3.0, 0.5, -1.5, 1.7);
        Property.named("gradcheck pow").forAll(TensorGens.tensors(SHAPES, POSITIVE, DType.FLOAT64), exponents,
                (x, p) -> GradCheck.check(in -> in[0].pow(p), x.requiresGrad(true)));
    }

    /** A random dimension of the tensor's rank, possibly negative. */
    private static Gen<Pair<Tensor, Integer>> withDim(Gen<Double> values) {
        return TensorGens.tensors(RANKED, values, DType.FLOAT64)
                .flatMap(x -> Gens.ints(-x.dim(), x.dim() - 1).map(d -> new Pair<>(x, d)));
    }

    private static Gen<KeepDim> keep() {
        return Gen.oneOf(KeepDim.DROP, KeepDim.KEEP);
    }

    @Test
    void sumOverAllAndOverOneDim() {
        unary("gradcheck sum (all)", ANY, Tensor::sum);
        Property.named("gradcheck sum (dim)").forAll(withDim(ANY), keep(), (p, k) ->
                GradCheck.check(in -> in[0].sum(p.second(), k), p.first().requiresGrad(true)));
    }

    @Test
    void meanOverAllAndOverOneDim() {
        unary("gradcheck mean (all)", ANY, Tensor::mean);
        Property.named("gradcheck mean (dim)").forAll(withDim(ANY), keep(), (p, k) ->
                GradCheck.check(in -> in[0].mean(p.second(), k), p.first().requiresGrad(true)));
    }

    /** PyTorch refuses a maximum over a dimension of size 0 (other dimensions may be 0). */
    private static Gen<Pair<Tensor, Integer>> withNonEmptyDim(Gen<Double> values) {
        return withDim(values).filter(p -> p.first().size(Math.floorMod(p.second(), p.first().dim())) > 0);
    }

    @Test
    void amaxAndMaxAlongADim() {
        Property.named("gradcheck amax").forAll(withNonEmptyDim(ANY), keep(), (p, k) ->
                GradCheck.check(in -> distinct(in[0], 0.618).amax(p.second(), k), p.first().requiresGrad(true)));
        Property.named("gradcheck max(dim).values").forAll(withNonEmptyDim(ANY), keep(), (p, k) ->
                GradCheck.check(in -> distinct(in[0], 0.618).max(p.second(), k).values(), p.first().requiresGrad(true)));
    }

    @Test
    void aMaximumOverAnEmptyDimensionIsRefusedAsInPyTorch() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 0);
        for (String op : new String[] {"amax", "max"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> {
                        Tensor unused = op.equals("amax") ? x.amax(1, KeepDim.DROP) : x.max(-1, KeepDim.DROP).values();
                    });
            assertTrue(e.getMessage().startsWith(op + ": dimension "), e.getMessage());
            assertTrue(e.getMessage().contains("[2, 0]"), e.getMessage());
        }
        // Over the non-empty dimension the result is empty; logsumexp over the empty one is -inf, and
        // softmax of an empty tensor is empty (PyTorch 1.13 gives the same).
        assertArrayEquals(new int[] {0}, x.amax(0, KeepDim.DROP).shape());
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                x.logsumexp(1, KeepDim.DROP).toDoubleArray());
        assertArrayEquals(new int[] {2, 0}, x.softmax(1).shape());
        assertArrayEquals(new int[] {2, 0}, x.logSoftmax(0).shape());
    }

    @Test
    void softmaxFamily() {
        Property.named("gradcheck logsumexp").forAll(withDim(ANY), keep(), (p, k) ->
                GradCheck.check(in -> in[0].logsumexp(p.second(), k), p.first().requiresGrad(true)));
        Property.named("gradcheck softmax").forAll(withDim(ANY), p ->
                GradCheck.check(in -> in[0].softmax(p.second()), p.first().requiresGrad(true)));
        Property.named("gradcheck logSoftmax").forAll(withDim(ANY), p ->
                GradCheck.check(in -> in[0].logSoftmax(p.second()), p.first().requiresGrad(true)));
    }

    @Test
    void matmulInAllItsShapes() {
        // batch, m, k, n (each may be 0: PyTorch allows empty products; k = 0 gives zeros), and a seed
        Gen<int[]> dims = Gen.intArray(Gens.ints(0, 4), 5, 5);
        Property.named("gradcheck matmul (1-D, 2-D, batched, broadcast)").forAll(dims, Gens.ints(0, 5), (d, kind) -> {
            int b = d[0], m = d[1], k = d[2], n = d[3];
            int[][] shapes = switch (kind) {
                case 0 -> new int[][] {{m, k}, {k, n}};
                case 1 -> new int[][] {{k}, {k}};
                case 2 -> new int[][] {{k}, {k, n}};
                case 3 -> new int[][] {{m, k}, {k}};
                case 4 -> new int[][] {{b, m, k}, {b, k, n}};
                default -> new int[][] {{b, 1, m, k}, {2, k, n}};
            };
            Tensor x = random(shapes[0], d[4]), y = random(shapes[1], d[4] + 1);
            GradCheck.check(in -> in[0].matmul(in[1]), x, y);
        });
    }

    private static Tensor random(int[] shape, long seed) {
        return Tensor.normal(new Generator(seed), 0, 1, DType.FLOAT64, shape).requiresGrad(true);
    }

    @Test
    void gatherPicksWithRepeatsAllowed() {
        Property.named("gradcheck gather").forAll(withDim(ANY), Gens.ints(0, 1000), (p, seed) -> {
            Tensor x = p.first();
            int d = Math.floorMod(p.second(), x.dim());
            int[] idxShape = x.shape();
            double[] idx = new double[x.dim() == 0 ? 1 : x.numel()];
            Generator g = new Generator(seed);
            for (int i = 0; i < idx.length; i++) {
                idx[i] = g.nextInt(x.size(d));
            }
            Tensor index = Tensor.of(idx, DType.FLOAT64, idxShape);
            GradCheck.check(in -> in[0].gather(d, index), x.requiresGrad(true));
        });
    }

    @Test
    void viewsAndCopies() {
        unary("gradcheck reshape", ANY, x -> x.reshape(-1));
        unary("gradcheck transpose", ANY, x -> x.dim() < 2 ? x.t() : x.transpose(0, -1));
        unary("gradcheck contiguous of a transpose", ANY, x -> x.dim() < 2 ? x.contiguous() : x.transpose(0, 1).contiguous());
        unary("gradcheck expand", ANY, x -> x.unsqueeze(0).expand(expanded(x)));
        Property.named("gradcheck narrow").forAll(withDim(ANY), p -> {
            Tensor x = p.first();
            int d = Math.floorMod(p.second(), x.dim());
            int len = x.size(d) == 0 ? 0 : Math.max(1, x.size(d) / 2);
            GradCheck.check(in -> in[0].narrow(d, x.size(d) - len, len), x.requiresGrad(true));
        });
        Property.named("gradcheck indexSelect").forAll(withDim(ANY), p -> {
            Tensor x = p.first();
            int d = Math.floorMod(p.second(), x.dim());
            int last = x.size(d) - 1;
            int[] picks = last < 0 ? new int[0] : new int[] {last, 0, last};
            GradCheck.check(in -> in[0].indexSelect(d, picks), x.requiresGrad(true));
        });
    }

    /** The shape argument for expand: a new leading 2, the rest unchanged (−1 keeps a dimension). */
    private static int[] expanded(Tensor x) {
        int[] s = new int[x.dim() + 1];
        Arrays.fill(s, -1);
        s[0] = 2;
        return s;
    }
}
