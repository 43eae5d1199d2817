package dev.jgrad.nn.init;

/**
 * The number of inputs feeding each output unit ({@code fanIn}) and of outputs each input feeds
 * ({@code fanOut}). For a weight of shape {@code [out, in, k1, k2, ...]} these are
 * {@code in·k1·k2·…} and {@code out·k1·k2·…} (PyTorch's rule; a Linear weight is {@code [out, in]}).
 */
public record Fans(int fanIn, int fanOut) {
    /** The fan selected by {@code mode}. */
    public int get(FanMode mode) {
        return mode == FanMode.FAN_IN ? fanIn : fanOut;
    }
}
