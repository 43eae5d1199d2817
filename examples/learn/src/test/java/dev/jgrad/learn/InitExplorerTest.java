package dev.jgrad.learn;

import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.Activation;
import dev.jgrad.learn.train.InitScheme;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The laws the initialization explorer shows, on real digits through 10 layers of 256. */
class InitExplorerTest {
    private static Dataset digits;

    @BeforeAll
    static void load() {
        digits = MnistSource.bundled().train();
    }

    @Test
    void kaimingKeepsReluActivationStdWithinAFactorOfTwoOverTenLayers() {
        double[] std = InitExplorer.run(digits, 64, 10, 256, Activation.RELU, InitScheme.parse("kaiming"), 0).stds();
        double max = Arrays.stream(std).max().orElseThrow();
        double min = Arrays.stream(std).min().orElseThrow();
        assertTrue(max / min <= 2, "per-layer std " + Arrays.toString(std));
    }

    @Test
    void normalPointZeroOneShrinksTheActivationsGeometrically() {
        for (Activation a : List.of(Activation.RELU, Activation.TANH)) {
            double[] std = InitExplorer.run(digits, 64, 10, 256, a, InitScheme.parse("normal:0.01"), 0).stds();
            // Past the first layer (whose input is pixels) each layer multiplies the std by about
            // 0.01·√256·gain: a constant factor well below 1, i.e. log std falls on a line.
            double[] ratios = new double[std.length - 2];
            for (int l = 2; l < std.length; l++) {
                ratios[l - 2] = std[l] / std[l - 1];
            }
            double geo = Math.exp(Arrays.stream(ratios).map(Math::log).average().orElseThrow());
            assertTrue(geo < 0.3, a + ": mean shrink factor " + geo);
            for (double r : ratios) {
                assertEquals(geo, r, 0.25 * geo, a + ": ratios " + Arrays.toString(ratios));
            }
            assertTrue(std[9] < 1e-5 * std[0], a + ": " + Arrays.toString(std));
        }
    }

    @Test
    void xavierKeepsTanhAliveAndUnsaturated() {
        InitExplorer.Run r = InitExplorer.run(digits, 64, 10, 256, Activation.TANH, InitScheme.parse("xavier"), 0);
        InitExplorer.LayerStats last = r.layers().get(9);
        assertTrue(last.std() > 0.3 && last.saturated() < 0.1, "layer 10: " + last);
        InitExplorer.Run big = InitExplorer.run(digits, 64, 10, 256, Activation.TANH, InitScheme.parse("normal:1"), 0);
        assertTrue(big.layers().get(9).saturated() > 0.5, "normal:1 saturates tanh: " + big.layers().get(9));
    }

    @Test
    void csvHasOneLinePerLayerAndRun() {
        InitExplorer.Run r = InitExplorer.run(digits, 16, 3, 8, Activation.RELU, InitScheme.DEFAULT, 1);
        String[] lines = InitExplorer.csv(List.of(r, r)).split("\n");
        assertEquals(1 + 6, lines.length);
        assertTrue(lines[1].startsWith("relu,default,1,"), lines[1]);
        double zeroShare = Double.parseDouble(lines[1].split(",")[5]);
        assertEquals(r.layers().get(0).saturated(), zeroShare, 1e-5);
    }
}
