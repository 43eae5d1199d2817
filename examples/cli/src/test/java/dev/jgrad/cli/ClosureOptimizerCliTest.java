package dev.jgrad.cli;

import org.junit.jupiter.api.Test;

/**
 * LBFGS needs a closure (it re-evaluates the loss within a step). The commands that feed one gradient per step refuse
 * it up front, in one line that says where it does work; the ones that can evaluate a closure run it.
 */
class ClosureOptimizerCliTest {

    @Test
    void mnistBenchAndExplainRefuseLbfgsInOneLine() {
        CliTest.assertOneLineError(CliTest.jgrad("mnist", "--optimizer", "lbfgs", "--epochs", "1"),
                "--optimizer: LBFGS re-evaluates the loss", "mini-batch training",
                "java -jar examples/target/jgrad.jar trajectories --optimizers lbfgs");
        CliTest.assertOneLineError(CliTest.jgrad("bench", "--optimizer", "LBFGS"), "--optimizer: LBFGS re-evaluates");
        CliTest.assertOneLineError(CliTest.jgrad("explain", "--optimizer", "lbfgs", "--function", "rosenbrock"),
                "LBFGS re-evaluates the loss", "explain");
    }

    /** Muon's run steps two optimizers (Muon + AdamW); a checkpoint holds one, so --checkpoint is refused up front. */
    @Test
    void aMuonRunCannotBeCheckpointed() {
        CliTest.assertOneLineError(CliTest.jgrad("mnist", "--optimizer", "muon", "--checkpoint", "unused-dir"),
                "--checkpoint: a Muon run steps two optimizers");
    }
}
