/**
 * Fast loops of the optimizers, kept out of the textbook files: float32 loops (as PyTorch computes for float32
 * parameters) and their dispatch to the Vector API kernels of {@code dev.jgrad.kernel}. Each is tested bit for bit
 * against its scalar loop, which follows the optimizer's float64 reference loop line by line:
 * {@link dev.jgrad.optim.fast.AdamFloat32} (Adam and AdamW) and {@link dev.jgrad.optim.fast.MuonFloat32}.
 *
 * <p>May depend on: {@code dev.jgrad.optim} (the loop interfaces and {@code Probe}) and core's
 * {@code dev.jgrad.kernel}.
 */
package dev.jgrad.optim.fast;
