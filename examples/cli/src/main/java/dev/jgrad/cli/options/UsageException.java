package dev.jgrad.cli.options;

/**
 * A bad option value or combination, said in one line that names the option. {@link dev.jgrad.cli.Main} prints it
 * as it prints picocli's own parse errors, {@code jgrad mnist: MESSAGE (see 'jgrad mnist --help')}, naming the
 * command that was running, and exits with 2. So the option groups check their values in plain Java: they need no
 * picocli spec to refuse one, and a test can call their checks directly.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message that names the option. */
    public UsageException(String message) {
        super(message);
    }
}
