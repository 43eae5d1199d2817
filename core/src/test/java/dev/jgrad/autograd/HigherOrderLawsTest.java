package dev.jgrad.autograd;

import dev.jgrad.ops.Affine;
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
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The laws of second-order and forward-mode autodiff, for every twice-differentiable primitive, on
 * random float64 shapes (rank 0 to 3, broadcasting for the binary ops):
 * <ol>
 *   <li>gradgradcheck passes, and so does gradcheck's fast mode (second derivatives match finite differences of first derivatives);</li>
 *   <li>the Hessian of s(x) = Σ f(x)·w (w random) is symmetric;</li>
 *   <li>hvp equals the central difference of gradients, (∇s(x + εv) − ∇s(x − εv)) / 2ε;</li>
 *   <li>⟨u, J v⟩ = ⟨Jᵀu, v⟩: forward mode (jvp) is the transpose of reverse mode (vjp);</li>
 *   <li>the Jacobian by forward mode equals the Jacobian by reverse mode.</li>
 * </ol>
 * Binary ops check laws 2 to 5 in their first argument with the second fixed, and gradgradcheck in both.
 * Tries are few (the laws cost a Hessian each) and shapes small.
 */
class HigherOrderLawsTest {
    private static final int TRIES = 12;
    private static final Gen<int[]> SHAPES = Gens.shapes(3, 3);
    private static final Gen<int[]> NONEMPTY_RANKED = Gens.shapes(1, 3, 3);
    private static final Gen<Double> ANY = Gens.doubles(-2, 2);
    private static final Gen<Double> POSITIVE = Gens.doubles(0.3, 2.5);
    private static final Gen<Double> NONZERO = TensorGens.valuesAvoiding(-2, 2, 0);

    private static void unary(String name, Gen<Double> values, UnaryOperator<Tensor> op) {
        Property.named("higher-order laws " + name).tries(TRIES).forAll(TensorGens.tensors(SHAPES, values, DType.FLOAT64),
                x -> {
                    GradCheck.gradgradcheck(in -> op.apply(in[0]), x.requiresGrad(true));
                    GradCheck.check(GradCheck.Tolerance.DEFAULT, GradCheck.Mode.FAST, in -> op.apply(in[0]), x);
                    laws(op, x.detach());
                });
    }

    private interface Binary {
        Tensor apply(Tensor a, Tensor b);
    }

    private static void binary(String name, Gen<Double> values, Binary op) {
        Gen<Pair<Tensor, Tensor>> pairs = TensorGens.broadcastablePair(3, 3, values, DType.FLOAT64);
        Property.named("higher-order laws " + name + " (broadcast)").tries(TRIES).forAll(pairs, p -> {
            Tensor a = p.first().requiresGrad(true), b = p.second().requiresGrad(true);
            GradCheck.gradgradcheck(in -> op.apply(in[0], in[1]), a, b);
            GradCheck.check(GradCheck.Tolerance.DEFAULT, GradCheck.Mode.FAST, in -> op.apply(in[0], in[1]), a, b);
            Tensor fixed = b.detach();
            laws(x -> op.apply(x, fixed), a.detach());
        });
    }

    /** Laws 2 to 5 for the map x ↦ op(x). */
    static void laws(UnaryOperator<Tensor> op, Tensor x) {
        Generator gen = new Generator(x.numel() * 31L + 7);
        Tensor y = op.apply(x);
        Tensor w = Tensor.normal(gen, 0, 1, DType.FLOAT64, y.shape());
        Functional.Fn s = in -> op.apply(in[0]).mul(w).sum();
        int n = x.numel();
        // (2) symmetric Hessian
        double[] h = Functional.hessian(s, x).toDoubleArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double a = h[i * n + j], b = h[j * n + i];
                assertTrue(Math.abs(a - b) <= 1e-9 * (1 + Math.abs(a)), "Hessian not symmetric at " + i + "," + j
                        + ": " + a + " vs " + b);
            }
        }
        // (3) hvp = central difference of gradients
        Tensor v = Tensor.normal(gen, 0, 1, DType.FLOAT64, x.shape());
        double[] hv = Functional.hvp(s, x, v, CreateGraph.NO).toDoubleArray();
        double eps = 1e-6;
        double[] gp = gradient(s, x.add(v.mul(eps))), gm = gradient(s, x.sub(v.mul(eps)));
        for (int i = 0; i < n; i++) {
            double fd = (gp[i] - gm[i]) / (2 * eps);
            assertTrue(Math.abs(hv[i] - fd) <= 1e-5 + 1e-3 * Math.abs(fd), "hvp " + hv[i] + " vs finite difference "
                    + fd + " at element " + i);
        }
        // (4) ⟨u, J v⟩ = ⟨Jᵀu, v⟩
        Tensor u = Tensor.normal(gen, 0, 1, DType.FLOAT64, y.shape());
        Functional.Fn f = in -> op.apply(in[0]);
        double ujv = dot(u, Functional.jvp(f, List.of(x), List.of(v), CreateGraph.NO).jvp());
        double jtuv = dot(Functional.vjp(f, List.of(x), u, CreateGraph.NO).vjp().get(0), v);
        assertEquals(jtuv, ujv, 1e-10 * (1 + Math.abs(jtuv)), "<u, Jv> vs <J^T u, v>");
        // (5) jacobian forward == reverse
        double[] fwd = Functional.jacobian(f, x, Functional.Mode.FORWARD).toDoubleArray();
        double[] rev = Functional.jacobian(f, x, Functional.Mode.REVERSE).toDoubleArray();
        assertEquals(rev.length, fwd.length);
        for (int i = 0; i < rev.length; i++) {
            assertEquals(rev[i], fwd[i], 1e-12 * (1 + Math.abs(rev[i])), "Jacobian entry " + i + " forward vs reverse");
        }
    }

    private static double[] gradient(Functional.Fn s, Tensor at) {
        Tensor x = at.detach().requiresGrad(true);
        return Autograd.grad(s.apply(x), x).get(0).toDoubleArray();
    }

    private static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    /** x + 0.01·φ·(i + 1): no two elements equal, so max and friends stay away from ties. */
    private static Tensor distinct(Tensor x, double phi) {
        double[] ramp = new double[x.numel()];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 0.01 * phi * (i + 1);
        }
        return x.add(Tensor.of(ramp, DType.FLOAT64, x.shape()));
    }

    @Test void add() { binary("add", ANY, Tensor::add); }
    @Test void sub() { binary("sub", ANY, Tensor::sub); }
    @Test void mul() { binary("mul", ANY, Tensor::mul); }
    @Test void div() { binary("div", TensorGens.valuesAvoiding(-2, 2, 0, -0.3, 0.3), Tensor::div); }
    @Test void maximum() { binary("maximum", ANY, (a, b) -> distinct(a, 0.618).maximum(distinct(b, 0.414))); }
    @Test void minimum() { binary("minimum", ANY, (a, b) -> distinct(a, 0.618).minimum(distinct(b, 0.414))); }

    @Test void neg() { unary("neg", ANY, Tensor::neg); }
    @Test void exp() { unary("exp", ANY, Tensor::exp); }
    @Test void log() { unary("log", POSITIVE, Tensor::log); }
    @Test void sqrt() { unary("sqrt", POSITIVE, Tensor::sqrt); }
    @Test void abs() { unary("abs", NONZERO, Tensor::abs); }
    @Test void tanh() { unary("tanh", ANY, Tensor::tanh); }
    @Test void sigmoid() { unary("sigmoid", ANY, Tensor::sigmoid); }
    @Test void relu() { unary("relu", NONZERO, Tensor::relu); }
    @Test void clamp() { unary("clamp", TensorGens.valuesAvoiding(-2, 2, -0.5, 1), x -> x.clamp(-0.5, 1)); }
    @Test void pow() { unary("pow", POSITIVE, x -> x.pow(2.5)); }
    @Test void powNegative() { unary("pow (negative exponent)", POSITIVE, x -> x.pow(-1.5)); }

    private static Gen<Pair<Tensor, Integer>> withDim(Gen<Double> values) {
        return TensorGens.tensors(NONEMPTY_RANKED, values, DType.FLOAT64)
                .flatMap(x -> Gens.ints(-x.dim(), x.dim() - 1).map(d -> new Pair<>(x, d)));
    }

    private static void alongDim(String name, Gen<Double> values, Binary opWithDim) {
        Property.named("higher-order laws " + name).tries(TRIES).forAll(withDim(values), p -> {
            int d = p.second();
            Tensor dim = Tensor.scalar(d);
            GradCheck.gradgradcheck(in -> opWithDim.apply(in[0], dim), p.first().requiresGrad(true));
            laws(x -> opWithDim.apply(x, dim), p.first().detach());
        });
    }

    @Test void sum() {
        unary("sum (all)", ANY, Tensor::sum);
        alongDim("sum (dim)", ANY, (x, d) -> x.sum((int) d.item(), KeepDim.KEEP));
    }

    @Test void mean() { alongDim("mean (dim)", ANY, (x, d) -> x.mean((int) d.item())); }
    @Test void amax() { alongDim("amax", ANY, (x, d) -> distinct(x, 0.618).amax((int) d.item())); }
    @Test void maxValues() { alongDim("max(dim).values", ANY, (x, d) -> distinct(x, 0.618).max((int) d.item()).values()); }
    @Test void logsumexp() { alongDim("logsumexp", ANY, (x, d) -> x.logsumexp((int) d.item())); }
    @Test void softmax() { alongDim("softmax", ANY, (x, d) -> x.softmax((int) d.item())); }
    @Test void logSoftmax() { alongDim("logSoftmax", ANY, (x, d) -> x.logSoftmax((int) d.item())); }

    @Test void views() {
        unary("reshape", ANY, x -> x.reshape(-1));
        unary("transpose", ANY, x -> x.dim() < 2 ? x.t() : x.transpose(0, -1));
        unary("expand", ANY, x -> x.unsqueeze(0).expand(expanded(x)));
        unary("copy of a transpose", ANY, x -> x.dim() < 2 ? x.copy() : x.transpose(0, 1).contiguous());
        alongDim("narrow", ANY, (x, dd) -> {
            int d = Math.floorMod((int) dd.item(), x.dim());
            int len = Math.max(1, x.size(d) / 2);
            return x.narrow(d, x.size(d) - len, len);
        });
        alongDim("indexSelect", ANY, (x, dd) -> {
            int d = Math.floorMod((int) dd.item(), x.dim());
            return x.indexSelect(d, x.size(d) - 1, 0, x.size(d) - 1);
        });
        alongDim("gather", ANY, (x, dd) -> {
            int d = Math.floorMod((int) dd.item(), x.dim());
            double[] idx = new double[x.numel()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (i * 7) % x.size(d);
            }
            return x.gather(d, Tensor.of(idx, DType.FLOAT64, x.shape()));
        });
    }

    private static int[] expanded(Tensor x) {
        int[] s = new int[x.dim() + 1];
        Arrays.fill(s, -1);
        s[0] = 2;
        return s;
    }

    @Test void matmulAndLinear() {
        Gen<int[]> dims = Gen.intArray(Gens.ints(1, 3), 4, 4);
        Property.named("higher-order laws matmul, bmm and linear").tries(TRIES).forAll(dims, Gens.ints(0, 3), (d, kind) -> {
            int m = d[0], k = d[1], n = d[2];
            Generator gen = new Generator(d[3] * 13L + kind);
            int[][] shapes = switch (kind) {
                case 0 -> new int[][] {{m, k}, {k, n}};
                case 1 -> new int[][] {{k}, {k, n}};
                case 2 -> new int[][] {{2, m, k}, {2, k, n}};
                default -> new int[][] {{m, k}, {n, k}, {n}};
            };
            Tensor a = Tensor.normal(gen, 0, 1, DType.FLOAT64, shapes[0]).requiresGrad(true);
            Tensor b = Tensor.normal(gen, 0, 1, DType.FLOAT64, shapes[1]).requiresGrad(true);
            if (kind == 3) {
                Tensor bias = Tensor.normal(gen, 0, 1, DType.FLOAT64, shapes[2]).requiresGrad(true);
                GradCheck.gradgradcheck(in -> Affine.linear(in[0], in[1], in[2]).tanh(), a, b, bias);
                Tensor wf = b.detach(), bf = bias.detach();
                laws(x -> Affine.linear(x, wf, bf).tanh(), a.detach());
                Tensor xf = a.detach();
                laws(w -> Affine.linear(xf, w, bf).tanh(), b.detach());
            } else {
                GradCheck.gradgradcheck(in -> in[0].matmul(in[1]), a, b);
                Tensor bf = b.detach();
                laws(x -> x.matmul(bf).tanh(), a.detach());
            }
        });
    }
}
