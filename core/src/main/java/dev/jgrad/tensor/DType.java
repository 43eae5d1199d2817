package dev.jgrad.tensor;

/** Element types. {@code FLOAT32} is the default, as in PyTorch; gradcheck needs {@code FLOAT64}. */
public enum DType {
    FLOAT32("float32", 4),
    FLOAT64("float64", 8);

    private final String label;
    private final int bytes;

    DType(String label, int bytes) {
        this.label = label;
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** PyTorch's spelling, used in messages and printing. */
    @Override
    public String toString() {
        return label;
    }
}
