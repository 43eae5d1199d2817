package dev.jgrad.nn;

import dev.jgrad.nn.loss.BCELoss;
import dev.jgrad.nn.loss.BCEWithLogitsLoss;
import dev.jgrad.nn.loss.Reduction;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.GradCheck;
import dev.jgrad.testing.Property;
import dev.jgrad.testing.TensorGens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The activation, dropout and normalisation layers and the binary cross-entropy losses against
 * finite differences (float64), over random shapes, values and options.
 */
class LayerGradCheckTest {
    private static final Gen<Reduction> REDUCTIONS = Gens.elements(List.of(Reduction.values()));
    private static final Gen<Integer> SEEDS = Gens.ints(0, 1_000);

    private static Tensor[] withParameters(Tensor x, Module m) {
        List<Tensor> all = new ArrayList<>(List.of(x.requiresGrad(true)));
        all.addAll(m.parameters());
        return all.toArray(new Tensor[0]);
    }

    private static void pointwise(String name, Module m, Gen<Double> values) {
        Gen<Tensor> inputs = TensorGens.tensors(Gens.shapes(1, 3, 4), values, DType.FLOAT64);
        Property.named(name + " gradcheck").forAll(inputs, x -> GradCheck.check(in -> m.forward(in[0]), x.requiresGrad(true)));
    }

    @Test
    void tanh() {
        pointwise("Tanh", new Tanh(), Gens.doubles(-3, 3));
    }

    @Test
    void sigmoid() {
        pointwise("Sigmoid", new Sigmoid(), Gens.doubles(-6, 6));
    }

    @Test
    void geluExact() {
        pointwise("GELU", new GELU(), Gens.doubles(-6, 6));
    }

    @Test
    void geluTanh() {
        pointwise("GELU tanh", new GELU(GeluApproximation.TANH), Gens.doubles(-4, 4));
    }

    @Test
    void leakyRelu() {
        Property.named("LeakyReLU gradcheck").forAll(TensorGens.tensors(Gens.shapes(1, 3, 4),
                TensorGens.valuesAvoiding(-3, 3, 0), DType.FLOAT64), Gens.doubles(-0.5, 0.5), (x, slope) -> {
                    LeakyReLU m = new LeakyReLU(slope);
                    GradCheck.check(in -> m.forward(in[0]), x.requiresGrad(true));
                });
    }

    @Test
    void dropoutInTraining() {
        // The mask is drawn per call; a fresh generator with the same seed per evaluation keeps it fixed,
        // so finite differences see one function.
        Property.named("Dropout gradcheck").forAll(TensorGens.tensors(Gens.shapes(1, 3, 4), -2, 2),
                Gens.doubles(0, 0.9), SEEDS, (x, p, seed) ->
                        GradCheck.check(in -> new Dropout(p, new Generator(seed)).forward(in[0]), x.requiresGrad(true)));
    }

    @Test
    void batchNormTrainingAndEval() {
        Gen<Tensor> inputs = Gens.shapes(2, 3, 4).filter(s -> s[0] >= 2)
                .flatMap(s -> TensorGens.tensors(s, Gens.doubles(-2, 2), DType.FLOAT64));
        Property.named("BatchNorm1d gradcheck").forAll(inputs, Gens.elements(List.of(Mode.values())), SEEDS, (x, mode, seed) -> {
            BatchNorm1d bn = new BatchNorm1d(x.size(1), 1e-5, 0.1, Affine.WITH, DType.FLOAT64);
            Generator gen = new Generator(seed);
            Autograd.noGrad(() -> bn.parameters().forEach(p -> p.copyFrom(Tensor.uniform(gen, 0.5, 1.5, DType.FLOAT64, p.shape()))));
            bn.runningVar().copyFrom(Tensor.uniform(gen, 0.5, 2, DType.FLOAT64, x.size(1)));
            bn.setMode(mode);
            GradCheck.check(in -> bn.forward(in[0]).tanh(), withParameters(x, bn));
        });
    }

    @Test
    void layerNorm() {
        Gen<Tensor> inputs = Gens.shapes(1, 3, 4).filter(s -> s[s.length - 1] >= 2)
                .flatMap(s -> TensorGens.tensors(s, Gens.doubles(-2, 2), DType.FLOAT64));
        Property.named("LayerNorm gradcheck").forAll(inputs, Gens.ints(1, 3), SEEDS, (x, k, seed) -> {
            int kk = Math.min(k, x.dim());
            int[] normalized = Arrays.copyOfRange(x.shape(), x.dim() - kk, x.dim());
            LayerNorm ln = new LayerNorm(normalized, 1e-5, Affine.WITH, DType.FLOAT64);
            Generator gen = new Generator(seed);
            Autograd.noGrad(() -> ln.parameters().forEach(p -> p.copyFrom(Tensor.uniform(gen, -1.5, 1.5, DType.FLOAT64, p.shape()))));
            GradCheck.check(in -> ln.forward(in[0]).tanh(), withParameters(x, ln));
        });
    }

    @Test
    void bceWithLogits() {
        Gen<int[]> shapes = Gens.shapes(1, 3, 4);
        Property.named("BCEWithLogitsLoss gradcheck").forAll(shapes, Gen.zip(REDUCTIONS, Gens.booleans()), SEEDS, (s, rp, seed) -> {
            Reduction r = rp.first();
            boolean pw = rp.second();
            Generator gen = new Generator(seed);
            Tensor x = Tensor.uniform(gen, -6, 6, DType.FLOAT64, s).requiresGrad(true);
            Tensor y = Tensor.uniform(gen, 0, 1, DType.FLOAT64, s);
            Optional<Tensor> weight = pw ? Optional.of(Tensor.uniform(gen, 0.2, 3, DType.FLOAT64, s[s.length - 1]))
                    : Optional.empty();
            BCEWithLogitsLoss loss = new BCEWithLogitsLoss(r, weight);
            GradCheck.check(in -> loss.apply(in[0], y), x);
        });
    }

    @Test
    void bceWithLogitsThroughExactZeros() {
        // every third logit exactly 0, where softplus's stable pieces have kinks: the gradient must be σ(0) − y
        Gen<int[]> shapes = Gens.shapes(1, 3, 4);
        Property.named("BCEWithLogitsLoss gradcheck at x = 0").forAll(shapes, Gens.booleans(), SEEDS, (s, pw, seed) -> {
            Generator gen = new Generator(seed);
            Tensor x = Tensor.uniform(gen, -3, 3, DType.FLOAT64, s);
            double[] v = x.toDoubleArray();
            for (int i = 0; i < v.length; i += 3) {
                v[i] = 0;
            }
            Tensor x0 = Tensor.of(v, DType.FLOAT64, s).requiresGrad(true);
            Tensor y = Tensor.uniform(gen, 0, 1, DType.FLOAT64, s);
            Optional<Tensor> weight = pw ? Optional.of(Tensor.uniform(gen, 0.2, 3, DType.FLOAT64, s[s.length - 1]))
                    : Optional.empty();
            BCEWithLogitsLoss loss = new BCEWithLogitsLoss(Reduction.SUM, weight);
            GradCheck.check(in -> loss.apply(in[0], y), x0);
        });
    }

    @Test
    void bceWithRespectToTheTargetToo() {
        Property.named("BCELoss gradcheck in p and y").forAll(Gens.shapes(1, 3, 4), REDUCTIONS, SEEDS, (s, r, seed) -> {
            Generator gen = new Generator(seed);
            Tensor p = Tensor.uniform(gen, 0.05, 0.95, DType.FLOAT64, s).requiresGrad(true);
            Tensor y = Tensor.uniform(gen, 0.05, 0.95, DType.FLOAT64, s).requiresGrad(true);
            GradCheck.check(in -> new BCELoss(r).apply(in[0], in[1]), p, y);
        });
    }

    @Test
    void bce() {
        Property.named("BCELoss gradcheck").forAll(Gens.shapes(1, 3, 4), REDUCTIONS, SEEDS, (s, r, seed) -> {
            Generator gen = new Generator(seed);
            Tensor p = Tensor.uniform(gen, 0.05, 0.95, DType.FLOAT64, s).requiresGrad(true);
            Tensor y = Tensor.uniform(gen, 0, 1, DType.FLOAT64, s);
            GradCheck.check(in -> new BCELoss(r).apply(in[0], y), p);
        });
    }
}
