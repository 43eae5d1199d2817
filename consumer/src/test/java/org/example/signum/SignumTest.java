package org.example.signum;

import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.replay.ReplayReport;
import dev.jgrad.optim.replay.TrajectoryReplay;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A user's optimizer in its own jar: found by jgrad's registry through the provider file, and right. */
class SignumTest {

    @Test
    void theRegistryFindsItThroughTheProviderFile() {
        OptimizerRegistry.Entry<?> e = OptimizerRegistry.get("signum");
        assertEquals(Signum.class, e.type());
        assertEquals("(4) θ ← θ − γ·sign(m)", e.box().get(e.box().size() - 1).strip());
        assertEquals("m (3)", e.label("m"));
    }

    @Test
    void itReplaysItsReferenceTrajectoriesExactly() throws Exception {
        try (InputStream in = SignumTest.class.getResourceAsStream("/signum/signum-trajectories.json")) {
            assertNotNull(in, "signum-trajectories.json is a test resource");
            ReplayReport report = TrajectoryReplay.run(in, "signum-trajectories.json");
            assertTrue(report.passed(), report.table());
        }
    }

    @Test
    void everyCoordinateMovesByExactlyTheRate() {
        Tensor theta = Tensor.of(new double[] {1, -2, 3}, 3).requiresGrad(true);
        var opt = OptimizerRegistry.get("Signum").create(List.of(theta), Map.of("lr", 0.25));
        theta.setGrad(Tensor.of(new double[] {1e-6, -5, 40}, 3));
        opt.step();
        assertArrayEquals(new double[] {0.75, -1.75, 2.75}, theta.toDoubleArray());
    }
}
