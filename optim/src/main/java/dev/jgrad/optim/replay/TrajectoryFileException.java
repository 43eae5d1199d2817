package dev.jgrad.optim.replay;

/**
 * A trajectory file that cannot be replayed: unreadable, not JSON, not in the expected schema, or
 * naming an unknown optimizer, option or function. The message is one line that starts with the
 * file's name, ready to print as it is.
 */
public final class TrajectoryFileException extends Exception {
    private static final long serialVersionUID = 1L;

    TrajectoryFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
