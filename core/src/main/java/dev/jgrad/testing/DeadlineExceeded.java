package dev.jgrad.testing;

import java.time.Duration;

/**
 * A try that passed but took longer than the property's {@linkplain Property.Runner#deadline
 * deadline}. It is shrunk like any failure, towards a small input that is still slow.
 */
public final class DeadlineExceeded extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final transient Duration took;
    private final transient Duration deadline;

    DeadlineExceeded(Duration took, Duration deadline) {
        super("the try took " + took.toMillis() + " ms, over the deadline of " + deadline.toMillis() + " ms");
        this.took = took;
        this.deadline = deadline;
    }

    /** How long the try ran. */
    public Duration took() {
        return took;
    }

    /** The deadline it missed. */
    public Duration deadline() {
        return deadline;
    }
}
