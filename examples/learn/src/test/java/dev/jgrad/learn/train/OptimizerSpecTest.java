package dev.jgrad.learn.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.optim.AdamOptions;
import dev.jgrad.optim.WeightDecay;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The optimizer spec as a typed value: equal when it builds the same optimizer, the manifest's JSON kept. */
final class OptimizerSpecTest {
    @Test
    void specsAreEqualWhenTheyBuildTheSameOptimizer() {
        OptimizerSpec spelledOut = OptimizerSpec.of("adamw", Map.of("lr", 0.001, "weight_decay", 0.01));
        assertEquals(OptimizerSpec.adamW(), spelledOut);
        assertEquals(OptimizerSpec.adamW().hashCode(), spelledOut.hashCode());
        assertEquals(OptimizerSpec.from("AdamW", AdamOptions.adamWDefaults()), spelledOut);
        // Adam and AdamW share their options record; the entry tells them apart.
        assertNotEquals(OptimizerSpec.from("Adam", AdamOptions.adamWDefaults()), OptimizerSpec.from("AdamW",
                AdamOptions.adamWDefaults()));
        assertNotEquals(OptimizerSpec.adamW(), OptimizerSpec.adamW().withPaperDecay(true));
        assertNotEquals(OptimizerSpec.adamW(), OptimizerSpec.adamW().withLr(0.002));
        assertEquals(AdamOptions.adamWDefaults().withLr(0.002), OptimizerSpec.adamW().withLr(0.002).options());
    }

    @Test
    void aBadKeywordIsRefusedWhenTheSpecIsMade() {
        assertEquals("Invalid learning rate: -1.0 (must be >= 0)",
                assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.of("Adam", Map.of("lr", -1.0)))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.of("SGD").withPaperDecay(true));
    }

    @Test
    void theManifestRecordsTheKeywordsGivenAndReadsThemBack() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("weight_decay", 0.1);
        given.put("lr", 0.001);
        OptimizerSpec spec = OptimizerSpec.of("AdamW", given).withPaperDecay(true);
        String text = json.writeValueAsString(spec);
        assertEquals("{\"name\":\"AdamW\",\"options\":{\"weight_decay\":0.1,\"lr\":0.001},"
                + "\"decay\":\"DECOUPLED_SCHEDULE_ONLY\"}", text);
        OptimizerSpec back = json.readValue(text, OptimizerSpec.class);
        assertEquals(spec, back);
        assertEquals(spec.given(), back.given());
        assertEquals(WeightDecay.DECOUPLED_SCHEDULE_ONLY, back.decayMode());
    }

    @Test
    void sophiasBatchIsTheTrainingBatchUnlessGiven() {
        assertEquals(64.0, OptimizerSpec.of("SophiaG").forBatch(64).get("bs"));
        OptimizerSpec given = OptimizerSpec.of("SophiaG", Map.of("bs", 5120.0));
        assertSame(given, given.forBatch(64));
        OptimizerSpec adam = OptimizerSpec.of("Adam");
        assertSame(adam, adam.forBatch(64));
    }
}
