package dev.jgrad.cli;

/**
 * A problem the user can fix (bad input file, unusable option combination, unreachable mirror):
 * {@link Main} prints the message as one line on standard error and exits with
 * {@link Main#EXIT_USAGE}, without a stack trace unless {@code --debug} is given.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message. */
    public CliException(String message) {
        super(message);
    }

    /** Creates the exception with a one-line message and the failure behind it. */
    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
