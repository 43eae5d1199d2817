package dev.jgrad.optim;

import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParamStateTest {

    @Test
    void aStateKnowsItsParametersShapeAlsoAfterLoading() {
        Tensor p = Tensor.zeros(DType.FLOAT64, 3, 4).requiresGrad(true);
        Adam a = new Adam(List.of(p));
        p.setGrad(Tensor.ones(DType.FLOAT64, 3, 4));
        a.step();
        assertArrayEquals(new int[] {3, 4}, a.state(p).orElseThrow().shape());
        Tensor q = Tensor.zeros(DType.FLOAT64, 3, 4).requiresGrad(true);
        Adam b = new Adam(List.of(q));
        b.loadStateDict(StateFiles.fromJson(StateFiles.toJson(a.stateDict()), OptimizerState.class));
        assertArrayEquals(new int[] {3, 4}, b.state(q).orElseThrow().shape());
        assertEquals(a.state(p).orElseThrow(), b.state(q).orElseThrow());
    }

    @Test
    void entriesAreNamedAndMisuseIsExplained() {
        ParamState s = new ParamState(DType.FLOAT32, new int[] {2, 3}).set("step", 2).zeros("exp_avg");
        assertEquals(6, s.numel());
        assertEquals(List.of("step", "exp_avg"), s.names());
        assertEquals(6, s.f32("exp_avg").length);
        assertEquals("optimizer state has no float64 buffer 'exp_avg' (it has [step, exp_avg]); declare it in initState",
                assertThrows(IllegalStateException.class, () -> s.f64("exp_avg")).getMessage());
        assertEquals("state entry 'exp_avg' is a buffer, not a scalar",
                assertThrows(IllegalArgumentException.class, () -> s.set("exp_avg", 1)).getMessage());
        assertEquals(3, s.increment("step"));
    }
}
