/**
 * Optimizers as in {@code torch.optim}, and beyond: the shelf. Each algorithm is one class whose Javadoc holds its
 * numbered algorithm box and whose float64 loop follows it line by line with {@code // (n)} markers; next to them
 * only the few types a user of an optimizer, or the author of a new one, needs: {@link dev.jgrad.optim.Optimizer}
 * (the contract), the options records with PyTorch's defaults and {@link dev.jgrad.optim.Check}'s PyTorch-worded
 * validation, {@link dev.jgrad.optim.ParamGroup}, {@link dev.jgrad.optim.ParamState},
 * {@link dev.jgrad.optim.Probe}, {@link dev.jgrad.optim.WeightDecay}, {@link dev.jgrad.optim.Coupling},
 * the state dict ({@link dev.jgrad.optim.OptimizerState}), the {@link dev.jgrad.optim.OptimizerRegistry} and
 * its {@link dev.jgrad.optim.OptimizerProvider} for optimizers in other jars; gradient clipping.
 *
 * <p>The shelf, in the order of {@code torch.optim} and then the frontier: {@link SGD} (with {@link SgdOptions}),
 * {@link Adam} and {@link AdamW} (with {@link AdamOptions}), {@link Adagrad}, {@link Adadelta}, {@link RMSprop},
 * {@link Adamax}, {@link NAdam}, {@link RAdam}, {@link Rprop}, {@link ASGD}, {@link LBFGS}; {@link Lion},
 * {@link LAMB}, {@link Muon}, {@link Adafactor}; {@link AdamWScheduleFree} and {@link SGDScheduleFree} (the
 * {@link ScheduleFree} contract, their shared lines in {@link ScheduleFreeOptimizer}), {@link Prodigy},
 * {@link AdEMAMix}, {@link Adan}, {@link SOAP} and {@link SophiaG} (a {@link HessianFed} optimizer). Every options
 * record implements {@link OptimizerOptions}. {@link ClipGrad} clips gradients by a {@link NormType} norm, with a
 * {@link NonFinite} policy for a NaN or infinite norm.
 *
 * <p>The machinery (sweeps over threads, traces, state files, keyword arguments) is in
 * {@code dev.jgrad.optim.engine}; schedules in {@code dev.jgrad.optim.schedule}; the replay of recorded
 * trajectories in {@code dev.jgrad.optim.replay}; reusable property laws in {@code dev.jgrad.optim.laws}.
 *
 * <p>May depend on: core ({@code dev.jgrad.tensor}, {@code dev.jgrad.autograd},
 * {@code dev.jgrad.kernel} for the vectorised float32 loops) and Jackson (state files); never on
 * {@code dev.jgrad.nn}: an optimizer sees a list of tensors, not a model.
 */
package dev.jgrad.optim;
