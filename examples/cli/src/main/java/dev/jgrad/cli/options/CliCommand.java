package dev.jgrad.cli.options;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What every jgrad command has: its picocli spec, the streams picocli was given, and bad input refused in one
 * line that names the option ({@link UsageException}: the line, a pointer to {@code --help}, exit code 2, as for
 * picocli's own parse errors). The option groups' checks use the same static helpers, so an option means the same
 * and is refused in the same words wherever it is mixed in, and they need no picocli spec to refuse.
 *
 * <p>Its {@code @Command} attributes are every command's (picocli applies a superclass's first): the options are
 * listed in the order they are declared, and the footer is the command's example ("Examples:" where a command
 * overrides the heading because it has several).
 */
@Command(sortOptions = false, footerHeading = "%nExample:%n")
public abstract class CliCommand implements Callable<Integer> {
    /** This command, as picocli built it. */
    @Spec
    protected CommandSpec spec;

    /** Standard output. */
    protected final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Standard error (progress, downloads). */
    protected final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A bad option or value, said in one line ({@link UsageException}). */
    public static UsageException usage(String message) {
        return new UsageException(message);
    }

    /** Refuses {@code value} of {@code option} outside [min, max]. */
    public static void range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw usage(option + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** Refuses {@code value} of {@code option} below {@code min}. */
    public static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw usage(option + " must be at least " + min + ", got " + value);
        }
    }
}
