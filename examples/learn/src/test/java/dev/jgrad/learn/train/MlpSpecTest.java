package dev.jgrad.learn.train;

import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.nn.BatchNorm1d;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Tanh;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The MLP of {@code --layers/--activation/--init/--dropout/--batch-norm}, and the default run left untouched. */
class MlpSpecTest {
    private static MnistData smallData() {
        MnistData bundled = MnistSource.bundled();
        return new MnistData(TrainerTest.slice(bundled.train(), 200), TrainerTest.slice(bundled.test(), 100), "small");
    }

    @Test
    void plainLayersTrainBitForBitAsTheDefaultModel() {
        TrainConfig before = TrainerTest.quick().withEpochs(1);
        TrainConfig after = before.withModel(MlpSpec.plain(784, 32, 10));
        Trainer a = new Trainer(smallData(), before);
        Trainer b = new Trainer(smallData(), after);
        TrainerTest.assertBitIdentical(TrainerTest.weights(a), TrainerTest.weights(b));
        a.train(TrainingListener.NONE);
        b.train(TrainingListener.NONE);
        TrainerTest.assertBitIdentical(TrainerTest.weights(a), TrainerTest.weights(b));
        assertEquals(ModelSpec.mlp(32).id(), MlpSpec.plain(784, 32, 10).id());
    }

    @Test
    void optionsBuildTheirLayersInOrder() {
        MlpSpec spec = new MlpSpec(new int[] {784, 16, 8, 10}, Activation.TANH, InitScheme.parse("xavier"), 0.2,
                MlpSpec.Norm.BATCH);
        Module m = spec.build(new Generator(1));
        List<String> kinds = m.namedChildren().values().stream().map(c -> c.getClass().getSimpleName()).toList();
        assertEquals(List.of("Linear", "BatchNorm1d", "Tanh", "Dropout", "Linear", "BatchNorm1d", "Tanh", "Dropout",
                "Linear"), kinds);
        assertInstanceOf(BatchNorm1d.class, m.namedChildren().get("1"));
        assertInstanceOf(Tanh.class, m.namedChildren().get("2"));
        assertInstanceOf(Dropout.class, m.namedChildren().get("3"));
        assertEquals("mlp-784-16-8-10-tanh-init-xavier-bn-dropout-0.2", spec.id());
        Map<String, Tensor> state = m.stateDict();
        for (double b : state.get("0.bias").toDoubleArray()) {
            assertEquals(0, b);
        }
    }

    @Test
    void initSchemesSetTheWeightSpread() {
        for (String text : List.of("kaiming", "normal:0.01", "zeros", "xavier")) {
            MlpSpec spec = new MlpSpec(new int[] {784, 256, 10}, Activation.RELU, InitScheme.parse(text), 0, MlpSpec.Norm.NONE);
            double[] w = spec.build(new Generator(3)).stateDict().get("0.weight").toDoubleArray();
            double sq = 0;
            for (double v : w) {
                sq += v * v;
            }
            double std = Math.sqrt(sq / w.length);
            double expected = switch (text) {
                case "kaiming" -> Math.sqrt(2.0 / 784);
                case "normal:0.01" -> 0.01;
                case "zeros" -> 0;
                default -> Math.sqrt(2) * Math.sqrt(2.0 / (784 + 256)); // xavier with ReLU's gain
            };
            assertEquals(expected, std, 0.03 * expected, text);
        }
        assertNotEquals(InitScheme.parse("kaiming"), InitScheme.DEFAULT);
    }
}
