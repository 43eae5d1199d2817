package dev.jgrad.cli;


/**
 * A command would not fit in the JVM's heap, found out before it allocates (an estimate from the
 * options against {@link Runtime#maxMemory()}): {@link Main} prints the message, which says what to
 * change, as one line and exits with {@link Main#EXIT_INTERNAL}, as for an actual out-of-memory error.
 */
public final class InsufficientMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message that includes the hint. */
    public InsufficientMemoryException(String message) {
        super(message);
    }
}
