package dev.jgrad.optim.replay;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lion, NAdam, RAdam, LAMB and LBFGS replay every case recorded for them (open loops, and their Rosenbrock closed loops; LBFGS with its closure counts). */
class ShelfReplayTest {

    @ParameterizedTest
    @CsvSource({"Lion, 3", "NAdam, 3", "RAdam, 2", "LAMB, 2", "LBFGS, 2"})
    void everyRecordedCaseIsMatchedWithin1e10(String optimizer, int expectedCases) throws Exception {
        ReplayReport report = ReplayCases.of("/reference/optim-zoo-trajectories.json", optimizer);
        assertEquals(expectedCases, report.cases().size());
        report.cases().forEach(c -> assertTrue(c.passed(), c.name() + ": max relative error " + c.maxRelError()));
    }
}
