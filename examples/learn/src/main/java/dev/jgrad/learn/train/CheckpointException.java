package dev.jgrad.learn.train;

/**
 * A checkpoint is missing, unreadable, damaged, or was written by a different setup. The message is
 * one line naming the file or directory and the problem.
 */
public final class CheckpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message. */
    public CheckpointException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message and the failure behind it. */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
