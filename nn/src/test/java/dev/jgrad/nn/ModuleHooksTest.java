package dev.jgrad.nn;

import dev.jgrad.autograd.RemovableHandle;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ModuleHooksTest {
    @Test
    void preAndForwardHooksSeeReplaceAndAreRemoved() {
        Linear first = new Linear(3, 2, Bias.WITH, DType.FLOAT64, new Generator(1));
        Sequential model = new Sequential(first, new ReLU());
        Tensor x = Tensor.normal(new Generator(2), 0, 1, DType.FLOAT64, 4, 3);
        List<String> calls = new ArrayList<>();
        RemovableHandle pre = first.registerForwardPreHook((m, in) -> {
            calls.add("pre " + m.getClass().getSimpleName());
            return in.mul(2);
        });
        Tensor[] seenOut = new Tensor[1];
        RemovableHandle post = first.registerForwardHook((m, in, out) -> {
            calls.add("post");
            seenOut[0] = out;
            return null;
        });
        Tensor hooked = model.call(x);
        assertEquals(List.of("pre Linear", "post"), calls);
        assertArrayEquals(first.forward(x.mul(2)).toDoubleArray(), seenOut[0].toDoubleArray(), 0);
        assertArrayEquals(first.forward(x.mul(2)).relu().toDoubleArray(), hooked.toDoubleArray(), 0);
        assertArrayEquals(seenOut[0].toDoubleArray(), first.forward(x.mul(2)).toDoubleArray(), 0); // forward() runs none
        RemovableHandle negate = model.registerForwardHook((m, in, out) -> out.neg());
        assertArrayEquals(first.forward(x.mul(2)).relu().neg().toDoubleArray(), model.call(x).toDoubleArray(), 0);
        pre.remove();
        post.remove();
        negate.remove();
        calls.clear();
        Tensor plain = model.call(x);
        assertEquals(List.of(), calls);
        assertArrayEquals(model.forward(x).toDoubleArray(), plain.toDoubleArray(), 0);
    }

    @Test
    void withoutHooksCallIsForward() {
        Module id = new Module() {
            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        };
        Tensor x = Tensor.zeros(2);
        assertSame(x, id.call(x));
        try (RemovableHandle h = id.registerForwardPreHook((m, in) -> null)) {
            assertSame(x, id.call(x));
        }
    }
}
