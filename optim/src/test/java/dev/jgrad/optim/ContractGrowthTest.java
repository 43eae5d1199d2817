package dev.jgrad.optim;

import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.optim.engine.Trace;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The parts of the optimizer contract that rules beyond torch.optim need: state initialised from the first
 * gradient, state kept per group (saved and loaded with the state dict, reported to a trace), the public checks
 * and the registry's typed traits.
 */
class ContractGrowthTest {

    /** Options of the two test rules: a rate only. */
    public record Rate(double lr) implements OptimizerOptions<Rate> {
        public Rate {
            Check.nonNegative("learning rate", lr);
        }
    }

    /**
     * A rule whose state starts from g₁, as Adan's neg_pre_grad = −g₁: d ← g − g_prev, g_prev ← g, θ ← θ − γd.
     * Without the first gradient at initialisation the first step would need a t == 1 case.
     */
    static final class GradDifference extends Optimizer<Rate> {
        GradDifference(Rate defaults, List<ParamGroup<Rate>> groups) {
            super("GradDifference", defaults, groups);
        }

        @Override
        protected void initState(ParamState state, Rate options) {
            state.zeros("neg_pre_grad");
        }

        @Override
        protected void initFromGradient(ParamState state, Rate options, double[] grad) {
            double[] neg = new double[grad.length];
            for (int i = 0; i < grad.length; i++) {
                neg[i] = -grad[i];
            }
            state.put("neg_pre_grad", neg);
        }

        @Override
        protected ElementLoop update(ParamGroup<Rate> group, ParamState state, Probe probe) {
            double lr = group.options().lr();
            double[] negPre = state.f64("neg_pre_grad");
            return (theta, grad, from, to) -> {
                for (int i = from; i < to; i++) {
                    double d = grad[i] + negPre[i];
                    negPre[i] = -grad[i];
                    theta[i] -= lr * d;
                }
            };
        }
    }

    /**
     * A rule with a step count per group, counted whether or not a parameter has a gradient (as Adan's and the
     * Schedule-Free authors' code does), and a sum over the group: θ ← θ − γ·t·g, where t is the group's count.
     */
    static final class GroupCount extends Optimizer<Rate> {
        GroupCount(Rate defaults, List<ParamGroup<Rate>> groups) {
            super("GroupCount", defaults, groups);
        }

        @Override
        protected void initState(ParamState state, Rate options) {
        }

        @Override
        protected void initGroupState(ParamState groupState, Rate options) {
            groupState.set("step", 0).set("grads_seen", 0);
        }

        @Override
        protected void updateGroup(ParamGroup<Rate> group, List<ParamState> states, Probe probe) {
            long t = group.state().increment("step");
            long seen = states.stream().filter(s -> s != null).count();
            group.state().set("grads_seen", group.state().get("grads_seen") + seen);
            probe.put("t", t);
        }

        @Override
        protected ElementLoop update(ParamGroup<Rate> group, ParamState state, Probe probe) {
            double scale = group.options().lr() * group.state().get("step");
            return (theta, grad, from, to) -> {
                for (int i = from; i < to; i++) {
                    theta[i] -= scale * grad[i];
                }
            };
        }
    }

    private static Tensor param(double... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    private static <O extends OptimizerOptions<O>> List<ParamGroup<O>> oneGroup(O o, Tensor... ps) {
        return List.of(new ParamGroup<>(List.of(ps), o));
    }

    @Test
    void stateStartsFromTheFirstGradient() {
        Tensor p = param(1, 2);
        var opt = new GradDifference(new Rate(0.5), oneGroup(new Rate(0.5), p));
        p.setGrad(Tensor.of(new double[] {3, -1}, 2));
        opt.step();
        assertArrayEquals(new double[] {1, 2}, p.toDoubleArray(), "g₁ − g₁ = 0: the first step does not move θ");
        assertArrayEquals(new double[] {-3, 1}, opt.state(p).orElseThrow().values("neg_pre_grad"));
        p.setGrad(Tensor.of(new double[] {5, -1}, 2));
        opt.step();
        assertArrayEquals(new double[] {0, 2}, p.toDoubleArray(), "θ − γ(g₂ − g₁)");
    }

    @Test
    void theFirstGradientOfAFloat32ParameterArrivesWidenedExactly() {
        Tensor p = Tensor.of(new double[] {1}, DType.FLOAT32, 1).requiresGrad(true);
        var opt = new GradDifference(new Rate(1), oneGroup(new Rate(1), p));
        p.setGrad(Tensor.of(new double[] {0.1}, DType.FLOAT32, 1));
        opt.step();
        assertEquals(-(double) 0.1f, opt.state(p).orElseThrow().values("neg_pre_grad")[0]);
    }

    @Test
    void groupStateIsUpdatedOncePerStepAndTravelsWithTheStateDict() {
        Tensor a = param(1), b = param(1);
        var opt = new GroupCount(new Rate(0.1), oneGroup(new Rate(0.1), a, b));
        assertEquals(0, opt.paramGroups().get(0).state().get("step"), "declared when the group is added");
        for (int k = 0; k < 3; k++) {
            a.setGrad(Tensor.of(new double[] {1}, 1));
            b.setGrad(k == 1 ? null : Tensor.of(new double[] {1}, 1));
            opt.step();
        }
        assertEquals(3, opt.paramGroups().get(0).state().get("step"));
        assertEquals(5, opt.paramGroups().get(0).state().get("grads_seen"), "b had no gradient in step 2");
        assertEquals(1 - 0.1 * (1 + 2 + 3), a.toDoubleArray()[0], 1e-15);

        OptimizerState saved = StateFiles.fromJson(StateFiles.toJson(opt.stateDict()), OptimizerState.class);
        assertEquals(3, saved.groups().get(0).state().get("step"), "written to and read from JSON");
        Tensor a2 = param(a.toDoubleArray()), b2 = param(b.toDoubleArray());
        var resumed = new GroupCount(new Rate(0.1), oneGroup(new Rate(0.1), a2, b2));
        resumed.loadStateDict(saved);
        for (var o : List.of(opt, resumed)) {
            for (Tensor p : o.paramGroups().get(0).params()) {
                p.setGrad(Tensor.of(new double[] {1}, 1));
            }
            o.step();
        }
        assertArrayEquals(a.toDoubleArray(), a2.toDoubleArray(), "resumed at the group's count, bit for bit");
        assertEquals(4, resumed.paramGroups().get(0).state().get("step"));
    }

    @Test
    void aStateDictWithoutTheDeclaredGroupStateIsRefusedByName() {
        Tensor a = param(1);
        var noGroupState = new GradDifference(new Rate(0.1), oneGroup(new Rate(0.1), a));
        OptimizerState renamed = new OptimizerState("GroupCount", WeightDecay.COUPLED_L2,
                noGroupState.stateDict().groups());
        var opt = new GroupCount(new Rate(0.1), oneGroup(new Rate(0.1), param(1)));
        var e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(renamed));
        assertEquals("group 0 of the loaded state dict has group state [] but GroupCount keeps 'step'", e.getMessage());
    }

    @Test
    void aTraceSeesTheGroupsNumbersAsParameterMinusOne() {
        Tensor a = param(1);
        var opt = new GroupCount(new Rate(0.1), oneGroup(new Rate(0.1), a));
        List<Trace.Row> rows = new ArrayList<>();
        opt.trace(rows::add);
        a.setGrad(Tensor.of(new double[] {1}, 1));
        opt.step();
        assertEquals(new Trace.Row(0, -1, -1, Map.of("t", 1.0)), rows.get(0));
    }

    @Test
    void checksArePublicAndWordedAsPyTorch() {
        assertEquals("Invalid beta parameter at index 2: 1.0 (must be in [0, 1))",
                assertThrows(IllegalArgumentException.class, () -> Check.beta(2, 1.0)).getMessage());
        assertEquals("Invalid d0: 0.0 (must be > 0)",
                assertThrows(IllegalArgumentException.class, () -> Check.positive("d0", 0)).getMessage());
        assertEquals("Invalid learning rate: NaN (must be >= 0)",
                assertThrows(IllegalArgumentException.class, () -> new Rate(Double.NaN)).getMessage());
        assertEquals(0.5, Check.closedUnitInterval("rho", 0.5));
    }

    @Test
    void theRegistryCarriesTypedTraits() {
        assertEquals(2, OptimizerRegistry.get("Adam").betas());
        assertEquals(0, OptimizerRegistry.get("SGD").betas());
        assertEquals(WeightDecay.DECOUPLED, OptimizerRegistry.get("AdamW").decay());
        assertEquals(OptimizerRegistry.Stepping.CLOSURE, OptimizerRegistry.get("LBFGS").stepping());
        assertEquals(Coupling.PER_TENSOR, OptimizerRegistry.get("Muon").coupling());
        assertEquals(OptimizerRegistry.ParamShapes.MATRICES, OptimizerRegistry.get("Muon").shapes());
        assertEquals(OptimizerRegistry.LrScale.GRADIENT_MULTIPLE, OptimizerRegistry.get("ASGD").lrScale());
        assertEquals(OptimizerRegistry.LrScale.STEP_LENGTH, OptimizerRegistry.get("Adam").lrScale());
        for (String name : OptimizerRegistry.names()) {
            var e = OptimizerRegistry.get(name);
            Optimizer<?> built = e.create(List.of(Tensor.of(new double[] {1, 2}, 1, 2).requiresGrad(true)), Map.of());
            assertEquals(built.weightDecay(), e.decay(), name + ": decay trait");
            assertEquals(built.coupling(), e.coupling(), name + ": coupling trait");
            assertEquals(built.requiresClosure(), e.requiresClosure(), name + ": stepping trait");
        }
    }

    @Test
    void aNameTakenByAnotherClassIsRefusedNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> OptimizerRegistry.register("rmsprop",
                GradDifference.class, Rate.class, new Rate(0.1), GradDifference::new));
        assertEquals("optimizer name 'rmsprop' is taken: dev.jgrad.optim.ContractGrowthTest$GradDifference clashes "
                + "with built-in dev.jgrad.optim.RMSprop (register it under another name)", e.getMessage());
        assertEquals(RMSprop.class, OptimizerRegistry.get("RMSprop").type(), "the built-in stays");
    }
}
