package dev.jgrad.nn;

import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    private final Generator gen = new Generator(3);

    private Sequential mlp() {
        return new Sequential(new Linear(784, 16, gen), new ReLU(), new Linear(16, 10, gen));
    }

    /** A user-defined module: own parameter, a child, and a shared parameter. */
    static final class Gated extends Module {
        final Tensor scale;
        final Linear inner;

        Gated(Generator gen) {
            scale = registerParameter("scale", Tensor.ones(3));
            inner = registerModule("inner", new Linear(3, 3, gen));
        }

        @Override
        public Tensor forward(Tensor x) {
            return inner.forward(x.mul(scale));
        }
    }

    @Test
    void parameterNamesAreStableHierarchicalPyTorchKeys() {
        Sequential model = mlp();
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.namedParameters().keySet()));
        Sequential nested = new Sequential(new Gated(gen), new Sequential(new ReLU(), new Linear(3, 2, gen)));
        assertEquals(List.of("0.scale", "0.inner.weight", "0.inner.bias", "1.1.weight", "1.1.bias"),
                List.copyOf(nested.namedParameters().keySet()));
        assertEquals(List.of("", "0", "0.inner", "1", "1.0", "1.1"), List.copyOf(nested.namedModules().keySet()));
        assertEquals("1.1", ((Sequential) nested.get(1)).get(1).path());
    }

    @Test
    void parametersAreTheLeafTensorsTheLayersComputeWith() {
        Sequential model = mlp();
        Linear first = (Linear) model.get(0);
        List<Tensor> ps = model.parameters();
        assertEquals(4, ps.size());
        assertSame(first.weight(), ps.get(0));
        assertSame(first.bias().orElseThrow(), ps.get(1));
        for (Tensor p : ps) {
            assertTrue(p.requiresGrad());
            assertTrue(p.isLeaf());
        }
        assertEquals(784 * 16 + 16 + 16 * 10 + 10, model.parameterCount());
    }

    @Test
    void aSharedParameterIsListedOnceButSavedUnderEveryKey() {
        Linear shared = new Linear(4, 4, gen);
        Sequential model = new Sequential(shared, new ReLU(), shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(model.namedParameters().keySet()));
        assertEquals(2, model.parameters().size());
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(model.stateDict().keySet()));
    }

    @Test
    void badNamesAreRefused() {
        Module m = new Module() {
            {
                registerParameter("w", Tensor.zeros(1));
                IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> registerParameter("w", Tensor.zeros(1)));
                assertEquals("module already has an attribute named 'w'", dup.getMessage());
                IllegalArgumentException dot = assertThrows(IllegalArgumentException.class, () -> registerModule("a.b", new ReLU()));
                assertEquals("module attribute name must be non-empty and contain no '.', got 'a.b'", dot.getMessage());
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        };
        assertEquals(1, m.parameters().size());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential model = new Sequential(new Gated(gen), new Sequential(new ReLU()));
        model.eval();
        model.namedModules().values().forEach(m -> assertEquals(Mode.EVAL, m.mode()));
        model.train();
        model.namedModules().values().forEach(m -> assertEquals(Mode.TRAIN, m.mode()));
    }

    @Test
    void zeroGradClearsEveryGradient() {
        Sequential model = new Sequential(new Linear(5, 4, Bias.WITH, DType.FLOAT64, gen), new ReLU(),
                new Linear(4, 3, Bias.WITH, DType.FLOAT64, gen));
        new CrossEntropyLoss().apply(model.forward(Tensor.normal(gen, 0, 1, DType.FLOAT64, 2, 5)), 0, 2).backward();
        model.parameters().forEach(p -> assertNotNull(p.grad()));
        model.zeroGrad();
        model.parameters().forEach(p -> assertNull(p.grad()));
    }

    @Test
    void applyVisitsChildrenBeforeTheirParent() {
        Sequential model = new Sequential(new Gated(gen), new ReLU());
        List<String> order = new ArrayList<>();
        model.apply(m -> order.add(m.getClass().getSimpleName() + "@" + m.path()));
        assertEquals(List.of("Linear@0.inner", "Gated@0", "ReLU@1", "Sequential@"), order);
    }

    @Test
    void printingShowsStructureAndParameterCounts() {
        assertEquals(String.join("\n",
                "Sequential(",
                "  (0): Linear(in_features=784, out_features=16, bias=True)  [12,560 parameters]",
                "  (1): ReLU()",
                "  (2): Linear(in_features=16, out_features=10, bias=True)  [170 parameters]",
                ")  [12,730 parameters]"), mlp().toString());
        assertEquals(String.join("\n",
                "Sequential(",
                "  (0): Flatten(start_dim=1, end_dim=-1)",
                "  (1): Sequential(",
                "    (0): Linear(in_features=1, out_features=1, bias=False)  [1 parameter]",
                "  )  [1 parameter]",
                ")  [1 parameter]"),
                new Sequential(new Flatten(), new Sequential(new Linear(1, 1, Bias.WITHOUT, DType.FLOAT32, gen))).toString());
    }

    @Test
    void stateDictValuesShareStorageButNotTheGraph() {
        Sequential model = mlp();
        Map<String, Tensor> sd = model.stateDict();
        Tensor w = sd.get("0.weight");
        assertTrue(w.isLeaf());
        assertEquals(false, w.requiresGrad());
        assertSame(((Linear) model.get(0)).weight().storage(), w.storage());
    }
}
