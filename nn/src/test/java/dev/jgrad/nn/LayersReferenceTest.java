package dev.jgrad.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.nn.loss.BCELoss;
import dev.jgrad.nn.loss.BCEWithLogitsLoss;
import dev.jgrad.nn.loss.Loss;
import dev.jgrad.nn.loss.Reduction;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * BatchNorm1d, LayerNorm, BCEWithLogitsLoss and BCELoss against PyTorch 1.13 in float64: outputs,
 * input and parameter gradients, running statistics. The numbers are in
 * src/test/resources/reference/layers/layers-forward-backward.json, written by record_layers.py beside it.
 */
class LayersReferenceTest {
    private static final double REL = 1e-12;
    private static JsonNode cases;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LayersReferenceTest.class.getResourceAsStream("/reference/layers/layers-forward-backward.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            assertEquals("1.13", root.get("torch").asText().substring(0, 4));
            cases = root.get("cases");
        }
    }

    @Test
    void batchNorm() {
        for (String name : new String[] {"batchnorm_train_2d", "batchnorm_eval_2d", "batchnorm_train_3d"}) {
            JsonNode c = cases.get(name);
            int[] shape = ints(c.get("shape"));
            BatchNorm1d bn = new BatchNorm1d(shape[1], 1e-5, 0.1, Affine.WITH, DType.FLOAT64);
            var params = bn.namedParameters();
            Autograd.noGrad(() -> {
                params.get("weight").copyFrom(doubles(c.get("weight")));
                params.get("bias").copyFrom(doubles(c.get("bias")));
            });
            for (JsonNode warm : c.get("warmup")) {
                bn.forward(Tensor.of(doubles(warm), DType.FLOAT64, shape));
            }
            if (c.get("mode").asText().equals("eval")) {
                bn.eval();
            }
            Tensor x = Tensor.of(doubles(c.get("x")), DType.FLOAT64, shape).requiresGrad(true);
            Tensor out = bn.forward(x);
            out.mul(Tensor.of(doubles(c.get("w")), DType.FLOAT64, shape)).sum().backward();
            close(name + " out", c.get("out"), out);
            close(name + " grad x", c.get("grad_x"), x.grad());
            close(name + " grad weight", c.get("grad_weight"), params.get("weight").grad());
            close(name + " grad bias", c.get("grad_bias"), params.get("bias").grad());
            close(name + " running_mean", c.get("running_mean"), bn.runningMean());
            close(name + " running_var", c.get("running_var"), bn.runningVar());
            assertEquals(c.get("num_batches_tracked").asLong(), bn.numBatchesTracked(), name);
            var state = bn.stateDict();
            assertEquals("[weight, bias, running_mean, running_var, num_batches_tracked]", state.keySet().toString());
        }
    }

    @Test
    void layerNorm() {
        for (String name : new String[] {"layernorm_1d", "layernorm_2d"}) {
            JsonNode c = cases.get(name);
            int[] shape = ints(c.get("shape"));
            LayerNorm ln = new LayerNorm(ints(c.get("normalized_shape")), 1e-5, Affine.WITH, DType.FLOAT64);
            var params = ln.namedParameters();
            Autograd.noGrad(() -> {
                params.get("weight").copyFrom(doubles(c.get("weight")));
                params.get("bias").copyFrom(doubles(c.get("bias")));
            });
            Tensor x = Tensor.of(doubles(c.get("x")), DType.FLOAT64, shape).requiresGrad(true);
            Tensor out = ln.forward(x);
            out.mul(Tensor.of(doubles(c.get("w")), DType.FLOAT64, shape)).sum().backward();
            close(name + " out", c.get("out"), out);
            close(name + " grad x", c.get("grad_x"), x.grad());
            close(name + " grad weight", c.get("grad_weight"), params.get("weight").grad());
            close(name + " grad bias", c.get("grad_bias"), params.get("bias").grad());
        }
    }

    @Test
    void bceWithLogits() {
        for (String name : new String[] {"bce_logits_mean", "bce_logits_none_pos_weight", "bce_logits_sum_pos_weight"}) {
            JsonNode c = cases.get(name);
            int[] shape = ints(c.get("shape"));
            Optional<Tensor> pw = c.get("pos_weight").isNull() ? Optional.empty()
                    : Optional.of(Tensor.of(doubles(c.get("pos_weight")), DType.FLOAT64, shape[shape.length - 1]));
            checkLoss(name, c, new BCEWithLogitsLoss(reduction(c), pw));
        }
    }

    @Test
    void bce() {
        for (String name : new String[] {"bce_mean", "bce_none"}) {
            JsonNode c = cases.get(name);
            checkLoss(name, c, new BCELoss(reduction(c)));
        }
        JsonNode c = cases.get("bce_clamp");
        Tensor out = new BCELoss(Reduction.NONE).apply(Tensor.of(doubles(c.get("x")), DType.FLOAT64, 3),
                Tensor.of(doubles(c.get("y")), DType.FLOAT64, 3));
        close("bce_clamp out", c.get("out"), out);
    }

    @Test
    void bceWithLogitsAtZeroHasPyTorchsGradientHalfMinusY() {
        JsonNode c = cases.get("bce_logits_at_zero");
        Tensor y = Tensor.of(doubles(c.get("y")), DType.FLOAT64, 3);
        Tensor x = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
        new BCEWithLogitsLoss(Reduction.SUM, Optional.empty()).apply(x, y).backward();
        close("bce_logits_at_zero grad x", c.get("grad_x"), x.grad());
        assertArrayEquals(new double[] {0.5, 0.2, -0.5}, x.grad().toDoubleArray(), 1e-15, "½ − y");
        Tensor xw = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
        Tensor pw = Tensor.of(doubles(c.get("pos_weight")), DType.FLOAT64, 3);
        new BCEWithLogitsLoss(Reduction.SUM, Optional.of(pw)).apply(xw, y).backward();
        close("bce_logits_at_zero grad x (pos_weight)", c.get("grad_x_pos_weight"), xw.grad());
    }

    @Test
    void bceAtTheBoundsIsClampedAt100AndItsGradientDividesByAtLeastEpsilon() {
        JsonNode c = cases.get("bce_at_bounds");
        int n = c.get("x").size();
        Tensor p = Tensor.of(doubles(c.get("x")), DType.FLOAT64, n).requiresGrad(true);
        Tensor y = Tensor.of(doubles(c.get("y")), DType.FLOAT64, n).requiresGrad(true);
        Tensor out = new BCELoss(Reduction.NONE).apply(p, y);
        out.sum().backward();
        close("bce_at_bounds out", c.get("out"), out);
        close("bce_at_bounds grad x", c.get("grad_x"), p.grad());
        double[] gy = y.grad().toDoubleArray();
        for (int i = 0; i < n; i++) {
            JsonNode e = c.get("grad_y").get(i);
            double expected = e.isTextual() ? (e.asText().equals("inf") ? Double.POSITIVE_INFINITY
                    : Double.NEGATIVE_INFINITY) : e.asDouble();
            if (Double.isInfinite(expected)) {
                assertEquals(expected, gy[i], "grad y[" + i + "]");
            } else {
                assertEquals(expected, gy[i], 1e-12 * Math.max(1, Math.abs(expected)), "grad y[" + i + "]");
            }
        }
        assertEquals(-1 / (double) 1e-12f, p.grad().toDoubleArray()[0], "p = 0, y = 1: −1/ε with PyTorch's float ε");
    }

    private static void checkLoss(String name, JsonNode c, Loss loss) {
        int[] shape = ints(c.get("shape"));
        Tensor x = Tensor.of(doubles(c.get("x")), DType.FLOAT64, shape).requiresGrad(true);
        Tensor y = Tensor.of(doubles(c.get("y")), DType.FLOAT64, shape);
        Tensor out = loss.apply(x, y);
        Tensor w = out.dim() == 0 ? Tensor.scalar(1, DType.FLOAT64) : Tensor.of(doubles(c.get("w")), DType.FLOAT64, shape);
        out.mul(w).sum().backward();
        close(name + " out", c.get("out"), out);
        close(name + " grad x", c.get("grad_x"), x.grad());
    }

    private static Reduction reduction(JsonNode c) {
        return Reduction.valueOf(c.get("reduction").asText().toUpperCase(Locale.ROOT));
    }

    private static void close(String what, JsonNode expected, Tensor actual) {
        double[] e = doubles(expected);
        double[] a = actual.toDoubleArray();
        assertEquals(e.length, a.length, what + ": element count");
        for (int i = 0; i < e.length; i++) {
            double rel = Math.abs(a[i] - e[i]) / Math.max(Math.abs(e[i]), 1e-12);
            if (!(rel <= REL)) {
                throw new AssertionError(what + "[" + i + "]: expected " + e[i] + ", got " + a[i] + " (relative error " + rel + ")");
            }
        }
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
