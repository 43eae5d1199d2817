/**
 * Parameter initializers ({@link dev.jgrad.nn.init.Init}), PyTorch's {@code torch.nn.init} with an
 * explicit seeded generator; each method's documentation states its formula and purpose. Their inputs:
 * {@link dev.jgrad.nn.init.Fans} (a weight's fan-in and fan-out), {@link dev.jgrad.nn.init.FanMode} (which of
 * them Kaiming preserves) and {@link dev.jgrad.nn.init.Nonlinearity} (which gain).
 *
 * <p>May depend on: {@code dev.jgrad.tensor} and {@code dev.jgrad.autograd} (initializers write in a no-grad scope).
 */
package dev.jgrad.nn.init;
