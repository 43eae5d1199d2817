/**
 * Learning-rate schedules as in {@code torch.optim.lr_scheduler} ({@code StepLR},
 * {@code ExponentialLR}, {@code CosineAnnealingLR}, {@code LinearLR}, {@code OneCycleLR},
 * {@code ReduceLROnPlateau}, {@code SequentialLR}), each with its formula in the Javadoc; they set
 * the learning rate of an optimizer's parameter groups.
 *
 * <p>May depend on: {@code dev.jgrad.optim} only.
 */
package dev.jgrad.optim.schedule;
