package dev.jgrad.autograd;

/**
 * Thrown inside an anomaly-detection scope when an op's forward output or backward gradient holds a
 * NaN or an infinity. The message names the op, where it was created and the shapes involved.
 */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;
    private final String op;
    private final String site;

    AnomalyException(String op, String site, String message) {
        super(message);
        this.op = op;
        this.site = site;
    }

    /** The op whose forward or backward went bad, e.g. {@code "log"}. */
    public String op() {
        return op;
    }

    /** The first stack frame outside jgrad when the op was recorded, e.g. {@code "Model.loss(Model.java:40)"}. */
    public String site() {
        return site;
    }
}
