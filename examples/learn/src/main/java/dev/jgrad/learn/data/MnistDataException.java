package dev.jgrad.learn.data;

/**
 * A data file is missing, malformed, or could not be fetched. The message is one line that names
 * the file (or mirror) and the problem, so the command line can print it as is.
 */
public final class MnistDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message. */
    public MnistDataException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message and the low-level failure behind it. */
    public MnistDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
