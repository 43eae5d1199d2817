package dev.jgrad.optim.replay;

import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.*;

class ReferenceTrajectoriesTest {

    @Test
    void everyRecordedPyTorchTrajectoryIsMatchedWithin1e10() throws Exception {
        ReplayReport report;
        try (InputStream in = getClass().getResourceAsStream("/reference/optim-trajectories.json")) {
            report = TrajectoryReplay.run(in, "optim-trajectories.json");
        }
        System.out.print(report.table());
        assertEquals(16, report.cases().size());
        for (CaseResult c : report.cases()) {
            assertTrue(c.passed(), () -> c.name() + ": max relative error " + c.maxRelError());
        }
        assertTrue(report.passed());
    }
}
