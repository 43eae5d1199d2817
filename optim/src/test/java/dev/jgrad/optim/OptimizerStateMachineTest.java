package dev.jgrad.optim;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import dev.jgrad.testing.PropertyFailure;
import dev.jgrad.testing.StateMachine;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model-based test of the optimizer life cycle: random sequences of setting gradients, step,
 * zeroGrad, stateDict saves and loads, addParamGroup and lr changes, run against SGD with momentum
 * and Adam and, side by side, against a textbook model of each written here in plain float64 (no
 * fused multiply-adds, hence a relative tolerance of 1e-12 rather than bit equality). Only public
 * API is used: Optimizer, ParamGroup, stateDict/loadStateDict.
 *
 * <p>What the model pins down: a step moves exactly the parameters that have a gradient and leaves
 * the others (and their state) alone; zeroGrad clears gradients and nothing else; a saved state
 * dict is a deep copy (later steps do not change it); loading restores the buffers, step counts and
 * learning rates of the save, and a state dict saved before addParamGroup does not fit afterwards:
 * it is refused with an error and nothing changes.
 */
class OptimizerStateMachineTest {

    private static final int[][] SHAPES = {{3}, {2, 2}, {2}};
    private static final int MAX_GROUPS = 3;

    /** One parameter as the model sees it. */
    private static final class ModelParam {
        double[] theta;
        double[] grad;
        double[] buf;   // SGD momentum buffer, or Adam's m
        double[] sq;    // Adam's v
        int step;

        ModelParam copyState() {
            ModelParam c = new ModelParam();
            c.buf = buf == null ? null : buf.clone();
            c.sq = sq == null ? null : sq.clone();
            c.step = step;
            return c;
        }
    }

    /** The rule under test, as a textbook formula on the model. */
    private enum Rule {
        SGD_MOMENTUM {
            @Override
            Optimizer<?> create(List<Tensor> params) {
                return new SGD(params, SgdOptions.of(0.1).withMomentum(0.9).withWeightDecay(0.01));
            }

            @Override
            void update(ModelParam p, double lr) {
                boolean first = p.buf == null;
                if (first) {
                    p.buf = new double[p.theta.length];
                }
                for (int i = 0; i < p.theta.length; i++) {
                    double g = p.grad[i] + 0.01 * p.theta[i];
                    p.buf[i] = first ? g : 0.9 * p.buf[i] + g;
                    p.theta[i] -= lr * p.buf[i];
                }
            }
        },
        ADAM {
            @Override
            Optimizer<?> create(List<Tensor> params) {
                return new Adam(params, AdamOptions.defaults().withLr(0.1));
            }

            @Override
            void update(ModelParam p, double lr) {
                if (p.buf == null) {
                    p.buf = new double[p.theta.length];
                    p.sq = new double[p.theta.length];
                }
                p.step++;
                for (int i = 0; i < p.theta.length; i++) {
                    p.buf[i] = 0.9 * p.buf[i] + 0.1 * p.grad[i];
                    p.sq[i] = 0.999 * p.sq[i] + 0.001 * p.grad[i] * p.grad[i];
                    double mHat = p.buf[i] / (1 - Math.pow(0.9, p.step));
                    double vHat = p.sq[i] / (1 - Math.pow(0.999, p.step));
                    p.theta[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
                }
            }
        };

        abstract Optimizer<?> create(List<Tensor> params);

        abstract void update(ModelParam p, double lr);
    }

    /** A snapshot: the optimizer's state dict and the model's optimizer state at the same moment. */
    private record Saved(OptimizerState state, List<ModelParam> model, List<Double> lrs, int groups) {
    }

    /** The system (an optimizer over real tensors) and the model, side by side. */
    private static final class World {
        final Rule rule;
        final List<Tensor> params = new ArrayList<>();
        final List<ModelParam> model = new ArrayList<>();
        final List<Integer> groupOf = new ArrayList<>();
        final List<Double> lrs = new ArrayList<>();
        final Saved[] slots = new Saved[2];
        final Optimizer<?> optimizer;

        World(Rule rule) {
            this.rule = rule;
            newParam(0);
            optimizer = rule.create(List.of(params.get(0)));
            lrs.add(optimizer.paramGroups().get(0).lr());
        }

        Tensor newParam(int group) {
            int k = params.size();
            int[] shape = SHAPES[k % SHAPES.length];
            double[] values = new double[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < values.length; i++) {
                values[i] = 0.5 - 0.25 * i + k;
            }
            Tensor t = Tensor.of(values, DType.FLOAT64, shape).requiresGrad(true);
            ModelParam m = new ModelParam();
            m.theta = values.clone();
            params.add(t);
            model.add(m);
            groupOf.add(group);
            return t;
        }

        int groups() {
            return optimizer.paramGroups().size();
        }
    }

    record SetGrad(int param, int seed) implements StateMachine.Action<World> {
        @Override
        public void run(World w) {
            int k = param % w.params.size();
            Tensor p = w.params.get(k);
            double[] g = new double[p.numel()];
            for (int i = 0; i < g.length; i++) {
                g[i] = ((seed + 3 * i) % 7 - 3) / 2.0;
            }
            p.setGrad(Tensor.of(g, DType.FLOAT64, p.shape()));
            w.model.get(k).grad = g;
        }
    }

    record Step() implements StateMachine.Action<World> {
        @Override
        public void run(World w) {
            w.optimizer.step();
            for (int k = 0; k < w.model.size(); k++) {
                ModelParam m = w.model.get(k);
                if (m.grad != null) {
                    w.rule.update(m, w.lrs.get(w.groupOf.get(k)));
                }
            }
        }
    }

    record ZeroGrad() implements StateMachine.Action<World> {
        @Override
        public void run(World w) {
            w.optimizer.zeroGrad();
            w.model.forEach(m -> m.grad = null);
            w.params.forEach(p -> assertEquals(null, p.grad()));
        }
    }

    record Save(int slot) implements StateMachine.Action<World> {
        @Override
        public void run(World w) {
            w.slots[slot] = new Saved(w.optimizer.stateDict(), w.model.stream().map(ModelParam::copyState).toList(),
                    List.copyOf(w.lrs), w.groups());
        }
    }

    record Load(int slot) implements StateMachine.Action<World> {
        @Override
        public boolean precondition(World w) {
            return w.slots[slot] != null;
        }

        @Override
        public void run(World w) {
            Saved saved = w.slots[slot];
            if (saved.groups() != w.groups()) {
                double[][] before = w.params.stream().map(Tensor::toDoubleArray).toArray(double[][]::new);
                List<Double> lrsBefore = w.optimizer.paramGroups().stream().map(ParamGroup::lr).toList();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> w.optimizer.loadStateDict(saved.state()));
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                assertEquals(lrsBefore, w.optimizer.paramGroups().stream().map(ParamGroup::lr).toList(),
                        "a refused load changes nothing");
                for (int k = 0; k < before.length; k++) {
                    assertTrue(Arrays.equals(before[k], w.params.get(k).toDoubleArray()),
                            "a refused load changes nothing");
                }
                return;
            }
            w.optimizer.loadStateDict(saved.state());
            for (int k = 0; k < w.model.size(); k++) {
                ModelParam restored = saved.model().get(k);
                ModelParam m = w.model.get(k);
                m.buf = restored.buf == null ? null : restored.buf.clone();
                m.sq = restored.sq == null ? null : restored.sq.clone();
                m.step = restored.step;
            }
            w.lrs.clear();
            w.lrs.addAll(saved.lrs());
        }
    }

    record AddParamGroup() implements StateMachine.Action<World> {
        @Override
        public boolean precondition(World w) {
            return w.groups() < MAX_GROUPS;
        }

        @Override
        public void run(World w) {
            Tensor t = w.newParam(w.groups());
            w.optimizer.addParamGroup(List.of(t));
            w.lrs.add(w.optimizer.paramGroups().get(w.groups() - 1).lr());
        }
    }

    record SetLr(int group, int tenths) implements StateMachine.Action<World> {
        @Override
        public void run(World w) {
            int g = group % w.groups();
            double lr = tenths / 10.0;
            w.optimizer.paramGroups().get(g).setLr(lr);
            w.lrs.set(g, lr);
        }
    }

    private static Gen<StateMachine.Action<World>> actions() {
        return Gen.choose(
                Gen.zip(Gens.ints(0, 3), Gens.ints(0, 20), SetGrad::new),
                Gen.constant(new Step()),
                Gen.constant(new Step()),
                Gen.constant(new ZeroGrad()),
                Gens.ints(0, 1).map(Save::new),
                Gens.ints(0, 1).map(Load::new),
                Gen.constant(new AddParamGroup()),
                Gen.zip(Gens.ints(0, 2), Gens.ints(1, 5), SetLr::new));
    }

    /** Every parameter equals the model's, to 1e-12 relative; a parameter never stepped is untouched. */
    private static void sameAsModel(World w) {
        for (int k = 0; k < w.params.size(); k++) {
            double[] actual = w.params.get(k).toDoubleArray();
            double[] expected = w.model.get(k).theta;
            for (int i = 0; i < actual.length; i++) {
                double tolerance = 1e-12 * Math.max(1, Math.abs(expected[i]));
                assertEquals(expected[i], actual[i], tolerance, "parameter " + k + " element " + i);
            }
        }
        assertEquals(w.lrs, w.optimizer.paramGroups().stream().map(ParamGroup::lr).toList(), "learning rates");
    }

    private static void check(Rule rule) {
        StateMachine.of(() -> new World(rule), actions())
                .invariant("parameters and lrs as the model's", OptimizerStateMachineTest::sameAsModel)
                .maxActions(25)
                .check(Property.named("optimizer life cycle against a model: " + rule).tries(150));
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        check(Rule.SGD_MOMENTUM);
    }

    @Test
    void adam() {
        check(Rule.ADAM);
    }

    @Test
    void theModelCatchesAnOptimizerThatForgetsToLoadItsBuffers() {
        // The machine must be able to fail: a "load" that restores the learning rates but not the
        // momentum buffers is caught, and the sequence shrinks to a handful of actions.
        Property.Runner runner = Property.named("broken load").seed(7).tries(300).withoutDatabase();
        StateMachine<World> broken = StateMachine.of(() -> new World(Rule.SGD_MOMENTUM), Gen.choose(
                        Gen.zip(Gens.ints(0, 0), Gens.ints(0, 20), SetGrad::new), Gen.constant(new Step()),
                        Gens.ints(0, 0).map(Save::new), Gens.ints(0, 0).map(slot -> new ForgetfulLoad())))
                .invariant("parameters as the model's", OptimizerStateMachineTest::sameAsModel);
        PropertyFailure failure = assertThrows(PropertyFailure.class, () -> broken.check(runner));
        List<?> shrunk = (List<?>) failure.shrunk();
        assertTrue(shrunk.size() <= 6, "shrunk to " + shrunk);
        assertTrue(shrunk.contains(new ForgetfulLoad()) && shrunk.contains(new Save(0)), "shrunk to " + shrunk);
    }

    /** Loads slot 0 into the model only: the optimizer keeps its current buffers. */
    record ForgetfulLoad() implements StateMachine.Action<World> {
        @Override
        public boolean precondition(World w) {
            return w.slots[0] != null;
        }

        @Override
        public void run(World w) {
            ModelParam restored = w.slots[0].model().get(0);
            w.model.get(0).buf = restored.buf == null ? null : restored.buf.clone();
        }
    }
}
