package dev.jgrad.testing;

/**
 * Thrown to discard a try: by {@link Property#assume} inside a check, or by {@link Gen#filter} when
 * it gives up on a value. The engine counts it against the run's discard budget instead of
 * reporting it. It is an {@link IllegalStateException} so that outside a property (a generator
 * sampled by hand, {@code assume} in plain code) it still reads as a usage error.
 */
final class Discarded extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What discarded the try; the run's budget report counts them apart. */
    enum Cause { ASSUME, FILTER }

    final Cause cause;

    Discarded(Cause cause, String message) {
        // No stack trace: discards are routine and can number in the thousands per run.
        super(message, null);
        this.cause = cause;
        setStackTrace(new StackTraceElement[0]);
    }
}
