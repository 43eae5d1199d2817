package dev.jgrad.optim;

import dev.jgrad.autograd.RemovableHandle;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OptimizerHooksTest {

    @Test
    void preAndPostHooksSeeEveryStepInOrderUntilRemoved() {
        Tensor p = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        SGD opt = new SGD(List.of(p), SgdOptions.of(0.5));
        List<String> seen = new ArrayList<>();
        RemovableHandle pre = opt.registerStepPreHook(o -> seen.add("pre " + p.toDoubleArray()[0]));
        RemovableHandle post = opt.registerStepPostHook(o -> seen.add("post " + p.toDoubleArray()[0]));
        p.setGrad(Tensor.of(new double[] {1}, 1));
        opt.step();
        assertEquals(List.of("pre 1.0", "post 0.5"), seen);
        pre.remove();
        opt.step();
        assertEquals(List.of("pre 1.0", "post 0.5", "post 0.0"), seen);
        post.close();
        post.close(); // harmless
        opt.step();
        assertEquals(3, seen.size());
    }
}
