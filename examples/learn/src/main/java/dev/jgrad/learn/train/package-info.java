/**
 * Training the MNIST classifier from code: the {@link Trainer} loop (zero the gradients, forward, cross-entropy,
 * backward, optimizer step; evaluate after every epoch) with its {@link TrainingListener}s, configured by records:
 * {@link TrainConfig} of a {@link ModelFactory} ({@link ModelSpec}, {@link MlpSpec} with its {@link Activation}
 * and {@link InitScheme}), an {@link OptimizerSpec} and a {@link ScheduleSpec}. Each epoch gives
 * {@link EpochMetrics} (an {@link Evaluation} of the test set among them), which {@link MetricsFile} and
 * {@link PlotFile} write. {@link Checkpoint}s resume bit for bit, guarded by a {@link CheckpointLock} and refused
 * with a {@link CheckpointException}; a non-finite loss stops with {@link TrainingDivergedException}. The health
 * tools watch a run: {@link HealthMonitor} records {@link HealthRecord}s, {@link HealthLog} and
 * {@link HealthPlot} write them. {@link GaussNewtonBartlett} is SophiaG's curvature estimate, and
 * {@link StepWarmUp} compiles the training step on a throwaway copy while the data loads.
 *
 * <p>May depend on: {@code dev.jgrad.nn}, {@code dev.jgrad.optim}, core, {@code dev.jgrad.learn.data}, XChart and
 * Jackson; never on picocli or the command line, which maps this package's exceptions to exit codes.
 */
package dev.jgrad.learn.train;
