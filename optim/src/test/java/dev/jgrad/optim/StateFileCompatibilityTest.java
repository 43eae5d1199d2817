package dev.jgrad.optim;

import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Format 1 state files (jgrad 0.1.0) still load; other formats and other optimizers are refused in one line. */
class StateFileCompatibilityTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = StateFileCompatibilityTest.class.getResourceAsStream("/state-v1/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The steps Gen.java (in the resources) took before writing the files, repeated with today's code. */
    private static List<Optimizer<?>> replayGen() {
        Tensor p = Tensor.of(new double[] {0.5, -1.25, 2.0}, 3).requiresGrad(true);
        Tensor q = Tensor.of(new float[] {0.5f, -1.25f}, 2).requiresGrad(true);
        AdamW adam = new AdamW(List.of(p, q), AdamOptions.adamWDefaults().withAmsgrad(true));
        Tensor r = Tensor.of(new double[] {0.5, -1.25, 2.0}, 3).requiresGrad(true);
        SGD sgd = new SGD(List.of(r), SgdOptions.of(0.1).withMomentum(0.9));
        for (int s = 0; s < 3; s++) {
            p.setGrad(Tensor.of(new double[] {0.1 * s + 0.1, -0.2, 0.3}, 3));
            q.setGrad(Tensor.of(new float[] {0.25f, -0.5f * s}, 2));
            adam.step();
            r.setGrad(Tensor.of(new double[] {0.1 * s + 0.1, -0.2, 0.3}, 3));
            sgd.step();
        }
        return List.of(adam, sgd);
    }

    @Test
    void formatOneFilesLoadAsTheStateTheSameStepsReachToday() throws IOException {
        List<Optimizer<?>> today = replayGen();
        OptimizerState adamV1 = StateFiles.fromJson(resource("adamw-v1.json"), OptimizerState.class);
        OptimizerState sgdV1 = StateFiles.fromJson(resource("sgd-v1.json"), OptimizerState.class);
        assertEquals(StateFiles.toJson(today.get(0).stateDict()), StateFiles.toJson(adamV1));
        assertEquals(StateFiles.toJson(today.get(1).stateDict()), StateFiles.toJson(sgdV1));
        Optimizer<?> fresh = new AdamW(List.of(Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true),
                Tensor.zeros(2).requiresGrad(true)), AdamOptions.adamWDefaults());
        fresh.loadStateDict(adamV1);
        assertEquals(StateFiles.toJson(today.get(0).stateDict()), StateFiles.toJson(fresh.stateDict()));
    }

    @Test
    void otherFormatsAndOtherOptimizersAreRefusedInOneLineBeforeAnythingChanges() throws IOException {
        String v3 = StateFiles.toJson(replayGen().get(1).stateDict()).replace("\"format\" : 2", "\"format\" : 3");
        assertEquals("optimizer state format 3 is not one this jgrad reads (format 2, or 1 "
                + "without a 'format' field)", assertThrows(IllegalArgumentException.class,
                () -> StateFiles.fromJson(v3, OptimizerState.class)).getMessage());
        Tensor p = Tensor.of(new double[] {0.5, -1.25, 2.0}, 3).requiresGrad(true);
        Adam adam = new Adam(List.of(p));
        String before = StateFiles.toJson(adam.stateDict());
        OptimizerState sgd = StateFiles.fromJson(resource("sgd-v1.json"), OptimizerState.class);
        assertEquals("cannot load a state dict saved by SGD (weight decay COUPLED_L2) into Adam (weight decay COUPLED_L2)",
                assertThrows(IllegalArgumentException.class, () -> adam.loadStateDict(sgd)).getMessage());
        assertEquals(before, StateFiles.toJson(adam.stateDict()));
    }
}
