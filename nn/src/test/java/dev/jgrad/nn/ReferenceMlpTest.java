package dev.jgrad.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed-sized MLP against values recorded with PyTorch in float64
 * (src/test/resources/reference/mlp-forward-backward.json, provenance in the README beside it).
 */
class ReferenceMlpTest {
    /** Float64 rounding differs between summation orders by ~1e-16 per operation; 1e-12 leaves room for 784-term dot products and nothing more. */
    private static final double REL = 1e-12;

    private JsonNode mlp;
    private Sequential model;
    private Tensor x;
    private int[] labels;

    @BeforeEach
    void setUp() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/reference/mlp-forward-backward.json")) {
            assertNotNull(in, "reference file missing from test resources");
            mlp = new ObjectMapper().readTree(in).get("mlp");
        }
        Generator gen = new Generator(1);
        model = new Sequential(
                new Linear(784, 16, Bias.WITH, DType.FLOAT64, gen),
                new ReLU(),
                new Linear(16, 10, Bias.WITH, DType.FLOAT64, gen));
        Map<String, Tensor> state = new LinkedHashMap<>();
        mlp.get("params").fields().forEachRemaining(e ->
                state.put(e.getKey(), Tensor.of(doubles(e.getValue()), ints(mlp.get("param_shapes").get(e.getKey())))));
        LoadReport report = model.loadStateDict(state, Strictness.STRICT);
        assertTrue(report.isClean());
        x = Tensor.of(doubles(mlp.get("x")), ints(mlp.get("x_shape")));
        labels = ints(mlp.get("labels"));
    }

    @Test
    void logitsMatchPyTorch() {
        Tensor logits = model.forward(x);
        assertEquals(List.of(8, 10), Arrays.stream(logits.shape()).boxed().toList());
        assertClose("logits", doubles(mlp.get("logits")), logits.toDoubleArray());
    }

    @Test
    void meanLossAndEveryGradientMatchPyTorch() {
        Tensor loss = new CrossEntropyLoss().apply(model.forward(x), labels);
        assertClose("loss", new double[] {mlp.get("loss_mean").asDouble()}, new double[] {loss.item()});
        loss.backward();
        Map<String, Tensor> params = model.namedParameters();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(params.keySet()));
        mlp.get("grads").fields().forEachRemaining(e ->
                assertClose("grad of " + e.getKey(), doubles(e.getValue()), params.get(e.getKey()).grad().toDoubleArray()));
    }

    @Test
    void labelSmoothedLossMatchesPyTorch() {
        Tensor loss = new CrossEntropyLoss().withLabelSmoothing(0.1).apply(model.forward(x), labels);
        assertClose("smoothed loss", new double[] {mlp.get("loss_label_smoothing_0_1").asDouble()}, new double[] {loss.item()});
    }

    /** Elementwise |actual − expected| ≤ REL·|expected|; an exact zero (a dead ReLU unit's gradient) must stay exactly zero. */
    static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            double rel = expected[i] == 0 ? (err == 0 ? 0 : Double.POSITIVE_INFINITY) : err / Math.abs(expected[i]);
            worst = Math.max(worst, rel);
            if (!(rel <= REL)) {
                throw new AssertionError(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (relative error " + rel + ")");
            }
        }
        System.out.println(what + ": worst relative error " + worst);
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asInt();
        }
        return v;
    }
}
