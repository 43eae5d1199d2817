/**
 * Parameter initializers ({@link dev.jgrad.nn.init.Init}), PyTorch's {@code torch.nn.init} with an
 * explicit seeded generator; each method's documentation states its formula and purpose.
 */
package dev.jgrad.nn.init;
