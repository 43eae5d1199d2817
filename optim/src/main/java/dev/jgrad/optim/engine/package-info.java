/**
 * The optimizer framework's machinery, kept out of the algorithms' way: the chunked element sweep and its trace
 * collector ({@link dev.jgrad.optim.engine.Sweep}), traces ({@link dev.jgrad.optim.engine.Trace}), step hooks
 * ({@link dev.jgrad.optim.engine.Hooks}),
 * options records as PyTorch's keyword arguments ({@link dev.jgrad.optim.engine.Kwargs}), state dicts
 * ({@link dev.jgrad.optim.engine.OptimizerStates}) and their JSON files
 * ({@link dev.jgrad.optim.engine.StateFiles}). A reader learning an optimizer never needs to open this package;
 * tools (tracing, checkpoints) use {@code Trace} and {@code StateFiles}.
 *
 * <p>May depend on: {@code dev.jgrad.optim} (the contract types), core ({@code dev.jgrad.tensor},
 * {@code dev.jgrad.autograd}, {@code dev.jgrad.kernel}, {@code dev.jgrad.io}) and Jackson.
 */
package dev.jgrad.optim.engine;
