package dev.jgrad.learn.train;

import dev.jgrad.autograd.RemovableHandle;
import dev.jgrad.nn.LeakyReLU;
import dev.jgrad.nn.Mode;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ReLU;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.OptimizerOptions;
import dev.jgrad.optim.OptimizerRegistry;
import dev.jgrad.optim.ParamGroup;
import dev.jgrad.optim.ParamState;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Watches a training run's health ({@code mnist --health}): at steps 1, 1 + N, 1 + 2N, ... it records, per
 * parameter, the gradient norm, the weight norm, the update-to-weight ratio ‖Δθ‖/‖θ‖ and, for optimizers that
 * keep a second moment {@code exp_avg_sq}, the quantiles of the effective per-coordinate step γ/(√v̂ + ε); per
 * ReLU-family activation, the fraction of dead units. It only reads: no random draws, no writes to weights,
 * gradients or state, so a watched run is bit for bit the unwatched one (tested).
 *
 * <p>It observes through hooks it registers in {@link #attach} and {@link #close removes}: a forward hook on
 * every {@link ReLU} and {@link LeakyReLU} (reads the layer's input), an optimizer step pre-hook (reads the
 * gradients and copies θ) and a step post-hook (reads θ and the optimizer state). Between the sampled steps every
 * hook returns after one boolean test. It learns the step and the loss as a {@link TrainingListener}, so pass it
 * to {@link Trainer#trainEpoch} (with {@link TrainingListener#both} if there is another listener).
 */
public final class HealthMonitor implements TrainingListener, AutoCloseable {
    /** Record every this many steps unless told otherwise. */
    public static final int DEFAULT_EVERY = 50;

    private final Optimizer<?> optimizer;
    private final int every;
    private final Map<String, Tensor> params;
    private final List<RemovableHandle> hooks = new ArrayList<>();
    private final List<HealthRecord> records = new ArrayList<>();

    // The step being run: global number, and whether it is sampled (armed) — false between epochs, so evaluation
    // forward passes are never counted.
    private long current;
    private boolean armed;
    private final Map<String, HealthRecord.Activation> dead = new LinkedHashMap<>();
    private final Map<String, double[]> before = new LinkedHashMap<>();
    private final Map<String, Double> gradNorms = new LinkedHashMap<>();
    private List<HealthRecord.Param> pending;

    private HealthMonitor(Module model, Optimizer<?> optimizer, int every) {
        this.optimizer = optimizer;
        this.every = every;
        this.params = model.namedParameters();
    }

    /**
     * Starts watching {@code model} trained by {@code optimizer}, recording every {@code every} steps.
     *
     * @throws IllegalArgumentException if {@code every} is below 1
     */
    public static HealthMonitor attach(Module model, Optimizer<?> optimizer, int every) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimizer, "optimizer");
        if (every < 1) {
            throw new IllegalArgumentException("--health-every must be at least 1, got " + every);
        }
        HealthMonitor m = new HealthMonitor(model, optimizer, every);
        for (Map.Entry<String, Module> e : model.namedModules().entrySet()) {
            Module layer = e.getValue();
            if (layer instanceof ReLU || layer instanceof LeakyReLU) {
                String name = e.getKey();
                String type = layer.getClass().getSimpleName();
                m.hooks.add(layer.registerForwardHook((mod, in, out) -> {
                    if (m.armed && mod.mode() == Mode.TRAIN) {
                        m.dead.put(name, new HealthRecord.Activation(name, type, deadFraction(in)));
                    }
                    return null;
                }));
            }
        }
        m.hooks.add(optimizer.registerStepPreHook(o -> m.beforeStep()));
        m.hooks.add(optimizer.registerStepPostHook(o -> m.afterStep()));
        return m;
    }

    /** Watches {@code trainer}'s model and optimizer. */
    public static HealthMonitor attach(Trainer trainer, int every) {
        return attach(trainer.model(), trainer.optimizer(), every);
    }

    /** The records so far, oldest first (read-only). */
    public List<HealthRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** Removes every hook; the records stay. */
    @Override
    public void close() {
        hooks.forEach(RemovableHandle::remove);
        hooks.clear();
        armed = false;
    }

    // ---------------------------------------------------------------- listener: which step is running

    @Override
    public void epochStarted(int epoch, int steps, int samples) {
        arm((long) (epoch - 1) * steps + 1);
    }

    @Override
    public void stepLoss(int epoch, int step, double loss) {
        if (armed && pending != null) {
            records.add(new HealthRecord(current, epoch, loss, optimizer.paramGroups().get(0).lr(), pending,
                    new ArrayList<>(dead.values())));
        }
        pending = null;
    }

    @Override
    public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss,
                             long elapsedNanos) {
        if (step < steps) {
            arm((long) (epoch - 1) * steps + step + 1);
        } else {
            armed = false; // the test-set evaluation comes next
        }
    }

    private void arm(long step) {
        current = step;
        armed = (step - 1) % every == 0;
        dead.clear();
        pending = null;
    }

    // ---------------------------------------------------------------- hooks: what the step did

    private void beforeStep() {
        if (!armed) {
            return;
        }
        before.clear();
        gradNorms.clear();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor g = e.getValue().grad();
            gradNorms.put(e.getKey(), g == null ? Double.NaN : norm(g.toDoubleArray()));
            before.put(e.getKey(), e.getValue().toDoubleArray());
        }
    }

    private void afterStep() {
        if (!armed) {
            return;
        }
        List<HealthRecord.Param> out = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            double[] after = e.getValue().toDoubleArray();
            double[] was = before.get(e.getKey());
            double delta = 0;
            for (int i = 0; i < after.length; i++) {
                double d = after[i] - was[i];
                delta += d * d;
            }
            out.add(new HealthRecord.Param(e.getKey(), gradNorms.get(e.getKey()), norm(after),
                    Math.sqrt(delta) / norm(was), effectiveStep(e.getValue())));
        }
        before.clear();
        pending = out;
    }

    /**
     * γ/(√v̂ + ε) per coordinate, v̂ = v/(1 − β₂ᵗ) with v the state's {@code max_exp_avg_sq} if it has one (AMSGrad
     * divides by it), else {@code exp_avg_sq}; γ, ε and β₂ from the parameter's group and t its {@code step}.
     * Null for state without {@code exp_avg_sq}, or options without {@code eps} and {@code betas}.
     */
    private HealthRecord.Quantiles effectiveStep(Tensor p) {
        Optional<ParamState> state = optimizer.state(p);
        if (state.isEmpty() || !state.get().isBuffer("exp_avg_sq") || !state.get().has("step")) {
            return null;
        }
        ParamState s = state.get();
        Map<String, Object> kw = groupKwargs(p);
        if (!(kw.get("lr") instanceof Number lr) || !(kw.get("eps") instanceof Number eps)
                || !(kw.get("betas") instanceof List<?> betas) || betas.size() != 2
                || !(betas.get(1) instanceof Number beta2)) {
            return null;
        }
        double[] v = s.isBuffer("max_exp_avg_sq") ? s.values("max_exp_avg_sq") : s.values("exp_avg_sq");
        double correction = 1 - Math.pow(beta2.doubleValue(), s.get("step"));
        for (int i = 0; i < v.length; i++) {
            v[i] = lr.doubleValue() / (Math.sqrt(v[i] / correction) + eps.doubleValue());
        }
        return HealthRecord.Quantiles.of(v);
    }

    /** The keyword arguments of the group holding {@code p}, by PyTorch's names; empty for an unregistered rule. */
    private Map<String, Object> groupKwargs(Tensor p) {
        if (!OptimizerRegistry.has(optimizer.name())) {
            return Map.of();
        }
        for (ParamGroup<?> g : optimizer.paramGroups()) {
            for (Tensor q : g.params()) {
                if (q == p) {
                    return kwargs(OptimizerRegistry.get(optimizer.name()), g.options());
                }
            }
        }
        return Map.of();
    }

    private static <O extends OptimizerOptions<O>> Map<String, Object> kwargs(OptimizerRegistry.Entry<O> entry,
                                                                              Object options) {
        return entry.optionsType().isInstance(options) ? entry.kwargs(entry.optionsType().cast(options)) : Map.of();
    }

    /** Units (all but the batch dimension) whose input is ≤ 0 in every row: a ReLU passes them no gradient. */
    static double deadFraction(Tensor input) {
        double[] x = input.toDoubleArray();
        int rows = input.dim() == 0 ? 1 : input.size(0);
        int units = rows == 0 ? 0 : x.length / rows;
        if (units == 0) {
            return Double.NaN;
        }
        int deadUnits = 0;
        for (int j = 0; j < units; j++) {
            boolean alive = false;
            for (int i = 0; i < rows && !alive; i++) {
                alive = x[i * units + j] > 0;
            }
            if (!alive) {
                deadUnits++;
            }
        }
        return (double) deadUnits / units;
    }

    static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }
}
