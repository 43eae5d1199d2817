package dev.jgrad.optim.replay;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedule-Free (AdamW and SGD), Prodigy, AdEMAMix and Adan replay every case recorded by running their authors'
 * code: θ after every step, the loss before every closed-loop step, the final per-parameter state and the final
 * group-level numbers, within 1e-10 relative (all of them match bit for bit).
 */
class FrontierReplayTest {

    @ParameterizedTest
    @CsvSource({"AdamWScheduleFree, 4", "SGDScheduleFree, 2", "Prodigy, 3", "AdEMAMix, 3", "Adan, 4"})
    void everyRecordedCaseIsMatchedWithin1e10(String optimizer, int expectedCases) throws Exception {
        ReplayReport report = ReplayCases.of("/reference/optim-frontier-trajectories.json", optimizer);
        assertEquals(expectedCases, report.cases().size());
        report.cases().forEach(c -> assertTrue(c.passed(), c.name() + ": max relative error " + c.maxRelError()));
    }
}
