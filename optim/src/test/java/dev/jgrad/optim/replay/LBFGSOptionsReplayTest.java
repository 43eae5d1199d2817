package dev.jgrad.optim.replay;

import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L-BFGS with non-default options (lr ≠ 1, a short history, max_eval below max_iter, stops on the loss change and
 * on tolerance_grad, each with and without the strong Wolfe search) replays PyTorch 1.13's Rosenbrock runs,
 * recorded by {@code src/test/resources/lbfgs/record_lbfgs_options.py}: the returned loss and θ of every step
 * within 1e-10, and the number of closure calls of every step exactly.
 */
class LBFGSOptionsReplayTest {

    @Test
    void everyRecordedOptionCaseIsMatchedWithin1e10() throws Exception {
        ReplayReport report;
        try (InputStream in = LBFGSOptionsReplayTest.class.getResourceAsStream("/lbfgs/lbfgs-options.json")) {
            report = TrajectoryReplay.run(in, "lbfgs-options.json");
        }
        System.out.print(report.table());
        assertEquals(7, report.cases().size());
        report.cases().forEach(c -> assertTrue(c.passed(), c.name() + ": max relative error " + c.maxRelError()));
    }
}
