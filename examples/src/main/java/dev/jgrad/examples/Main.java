package dev.jgrad.examples;

import dev.jgrad.examples.data.MnistDataException;
import dev.jgrad.examples.learn.ExplainCommand;
import dev.jgrad.examples.learn.GraphCommand;
import dev.jgrad.examples.learn.SharpnessCommand;
import dev.jgrad.examples.learn.TrajectoriesCommand;
import dev.jgrad.examples.learn.WdSweepCommand;
import dev.jgrad.examples.mnist.BenchCommand;
import dev.jgrad.examples.mnist.CheckpointException;
import dev.jgrad.examples.mnist.MnistCommand;
import dev.jgrad.nn.StateDictMismatchException;
import dev.jgrad.nn.io.SafeTensorsException;
import dev.jgrad.optim.replay.TrajectoryFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code jgrad} command line ({@code java -jar examples/target/jgrad.jar}): subcommands
 * {@code mnist} (train the MNIST classifier), {@code bench} (its training throughput), {@code replay} (check the optimizers against
 * recorded PyTorch trajectories), and the learning tools of {@code dev.jgrad.examples.learn}:
 * {@code explain}, {@code trajectories}, {@code wd-sweep} and {@code graph}.
 *
 * <p>Errors: a problem the user can fix (a bad option, a missing or malformed file, an unreachable
 * mirror, an unusable checkpoint) prints one line on standard error and exits with 2; a bad option
 * adds a second line pointing to {@code --help}. {@code --debug} adds the stack trace. Anything
 * else is a bug: one line saying so, exit 3.
 */
@Command(name = "jgrad", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "jgrad: a small autograd engine in pure Java, and what it can train.",
        subcommands = {MnistCommand.class, BenchCommand.class, ReplayCommand.class, ExplainCommand.class, TrajectoriesCommand.class,
            WdSweepCommand.class, GraphCommand.class, SharpnessCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:replay: a case exceeded the tolerance",
            "2:bad option, bad input file, or a problem to fix (one line says which)",
            "3:internal error (a bug; rerun with --debug and report the stack trace)"})
public final class Main implements Runnable {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** A check failed: {@code replay} found a case out of tolerance. */
    public static final int EXIT_FAILED = 1;
    /** Bad options or input: the user can fix it. */
    public static final int EXIT_USAGE = 2;
    /** A bug in jgrad. */
    public static final int EXIT_INTERNAL = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an error, also print the stack trace.")
    boolean debug;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Runs the command line and exits with its exit code. Without the Vector API module, it first
     * tries to rerun itself in a JVM that has it ({@link Relaunch}), so {@code java -jar} gets SIMD.
     */
    public static void main(String[] args) {
        java.util.Optional<java.util.List<String>> child = Relaunch.command(Relaunch.Launch.current(Main.class), args);
        if (child.isPresent()) {
            java.util.Optional<Integer> code = Relaunch.run(child.get());
            if (code.isPresent()) System.exit(code.get());
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(run(System.out, System.err, args));
    }

    /**
     * Runs the command line with the given streams (tests pass their own).
     *
     * @return the exit code: {@link #EXIT_OK}, {@link #EXIT_FAILED}, {@link #EXIT_USAGE} or
     *     {@link #EXIT_INTERNAL}
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        PrintWriter outWriter = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, badArgs) -> {
            CommandLine where = ex.getCommandLine();
            String name = where.getCommandSpec().qualifiedName();
            // One line, hint included: scripts and people both read only the first line of an error.
            errWriter.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
            if (debug) {
                ex.printStackTrace(errWriter);
            }
            errWriter.flush();
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, where, parseResult) -> {
            String name = where.getCommandSpec().qualifiedName();
            int code;
            if (isUserError(ex)) {
                errWriter.println(name + ": " + oneLine(ex.getMessage()));
                code = EXIT_USAGE;
            } else {
                errWriter.println(name + ": internal error: " + oneLine(String.valueOf(ex))
                        + (debug ? "" : " (rerun with --debug for the stack trace)"));
                code = EXIT_INTERNAL;
            }
            if (debug) {
                ex.printStackTrace(errWriter);
            }
            errWriter.flush();
            return code;
        });
        int code = cl.execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    /** Problems with the user's input or environment, as opposed to bugs. */
    static boolean isUserError(Throwable ex) {
        return ex instanceof CliException
                || ex instanceof MnistDataException
                || ex instanceof CheckpointException
                || ex instanceof TrajectoryFileException
                || ex instanceof SafeTensorsException
                || ex instanceof StateDictMismatchException
                || ex instanceof UncheckedIOException
                || ex instanceof IOException;
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** The version from the jar's manifest, or "development build" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jgrad " + (v == null ? "(development build)" : v)};
        }
    }
}
