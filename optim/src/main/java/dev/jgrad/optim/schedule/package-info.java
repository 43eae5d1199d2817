/**
 * Learning-rate schedules as in {@code torch.optim.lr_scheduler} ({@code StepLR},
 * {@code ExponentialLR}, {@code CosineAnnealingLR}, {@code LinearLR}, {@code OneCycleLR},
 * {@code ReduceLROnPlateau}, {@code SequentialLR}), each with its formula in the Javadoc; they set
 * the learning rate of an optimizer's parameter groups. Each is an {@link dev.jgrad.optim.schedule.LrScheduler};
 * those that are a function of the step count extend {@link dev.jgrad.optim.schedule.EpochScheduler}.
 *
 * <p>May depend on: {@code dev.jgrad.optim} only.
 */
package dev.jgrad.optim.schedule;
