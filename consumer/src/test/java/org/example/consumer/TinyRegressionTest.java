package org.example.consumer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TinyRegressionTest {

    @Test
    void trainingThroughTheInstalledArtifactsLowersTheLoss() {
        List<Double> losses = TinyRegression.train(100, 7);
        double first = losses.get(0), last = losses.get(losses.size() - 1);
        assertTrue(Double.isFinite(last), "loss " + last);
        assertTrue(last < 0.25 * first, "100 AdamW steps should cut the loss by 4x at least: " + first + " -> " + last);
    }

    @Test
    void theSameSeedGivesTheSameLosses() {
        assertEquals(TinyRegression.train(10, 3), TinyRegression.train(10, 3));
    }
}
