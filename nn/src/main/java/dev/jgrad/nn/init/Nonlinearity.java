package dev.jgrad.nn.init;

/**
 * The activation that follows a layer, which decides the gain {@link Init#calculateGain} returns
 * (PyTorch's {@code nonlinearity} strings, as constants).
 */
public enum Nonlinearity {
    LINEAR, CONV1D, CONV2D, CONV3D, CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D,
    SIGMOID, TANH, RELU, LEAKY_RELU, SELU
}
