package dev.jgrad.cli;

import dev.jgrad.cli.learn.ExplainCommand;
import dev.jgrad.cli.learn.GraphCommand;
import dev.jgrad.cli.learn.InitCommand;
import dev.jgrad.cli.learn.LrFindCommand;
import dev.jgrad.cli.learn.RaceCommand;
import dev.jgrad.cli.learn.SharpnessCommand;
import dev.jgrad.cli.learn.TrajectoriesCommand;
import dev.jgrad.cli.learn.WdSweepCommand;
import dev.jgrad.cli.mnist.BenchCommand;
import dev.jgrad.cli.mnist.MnistCommand;
import dev.jgrad.cli.options.UsageException;
import dev.jgrad.cli.shell.ShellCommand;
import dev.jgrad.learn.data.MnistDataException;
import dev.jgrad.learn.train.CheckpointException;
import dev.jgrad.learn.train.TrainingDivergedException;
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
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code jgrad} command line ({@code java -jar examples/target/jgrad.jar}): subcommands
 * {@code mnist} (train the MNIST classifier), {@code bench} (its training throughput), {@code replay} (check the
 * optimizers against recorded PyTorch trajectories), the learning tools of {@code dev.jgrad.learn}
 * ({@code explain}, {@code trajectories}, {@code wd-sweep}, {@code race}, {@code graph}, {@code sharpness},
 * {@code init}, {@code lr-find}), and {@code shell} (JShell with jgrad imported).
 *
 * <p>Errors: a problem the user can fix (a bad option, a missing or malformed file, an unreachable
 * mirror, an unusable checkpoint) prints one line on standard error and exits with 2; a bad option
 * adds a second line pointing to {@code --help}. {@code --debug} adds the stack trace. Out of
 * memory (or a model that would not fit, found before allocating): one line with the heap limit
 * and a hint, exit 3. Diverged training: one line naming epoch and step, exit 4. Anything else is
 * a bug: one line saying so, exit 3.
 */
@Command(name = "jgrad", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "jgrad: a small autograd engine in pure Java, and what it can train.",
        subcommands = {MnistCommand.class, BenchCommand.class, ReplayCommand.class, ExplainCommand.class, TrajectoriesCommand.class,
            WdSweepCommand.class, RaceCommand.class, GraphCommand.class, SharpnessCommand.class, InitCommand.class,
            LrFindCommand.class, ShellCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:replay: a case exceeded the tolerance",
            "2:bad option, bad input file, or a problem to fix (one line says which)",
            "3:internal failure: out of memory (with a hint), or a bug (rerun with --debug)",
            "4:training diverged: the loss became NaN or infinite (the line names epoch and step)"})
public final class Main implements Runnable {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** A check failed: {@code replay} found a case out of tolerance. */
    public static final int EXIT_FAILED = 1;
    /** Bad options or input: the user can fix it. */
    public static final int EXIT_USAGE = 2;
    /** An internal failure: out of memory, or a bug in jgrad. */
    public static final int EXIT_INTERNAL = 3;
    /** Training diverged: a non-finite loss or non-finite weights. */
    public static final int EXIT_DIVERGED = 4;

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
        Relaunch.Launch launch = Relaunch.Launch.current(Main.class);
        Optional<List<String>> child = Relaunch.command(launch, args);
        if (child.isPresent()) {
            Relaunch.unsharedNotice(launch).ifPresent(System.err::println);
            Optional<Integer> code = Relaunch.run(child.get());
            if (code.isPresent()) {
                System.exit(code.get());
            }
        }
        Relaunch.watchLauncher();
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
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(outWriter);
        cl.setErr(errWriter);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        layoutHelp(cl);
        // picocli's parse errors and the commands' own (UsageException) read the same.
        cl.setParameterExceptionHandler((ex, badArgs) -> usageError(errWriter, ex.getCommandLine(), ex, debug));
        cl.setExecutionExceptionHandler((ex, where, parseResult) -> {
            if (ex instanceof UsageException) {
                return usageError(errWriter, where, ex, debug);
            }
            String name = where.getCommandSpec().qualifiedName();
            int code;
            OutOfMemoryError oom = outOfMemory(ex);
            if (oom != null) {
                errWriter.println(name + ": " + outOfMemoryLine(oom));
                code = EXIT_INTERNAL;
            } else if (ex instanceof TrainingDivergedException) {
                errWriter.println(name + ": " + oneLine(ex.getMessage()));
                code = EXIT_DIVERGED;
            } else if (ex instanceof InsufficientMemoryException) {
                errWriter.println(name + ": " + oneLine(ex.getMessage()));
                code = EXIT_INTERNAL;
            } else if (isUserError(ex)) {
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
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            errWriter.println("jgrad: " + outOfMemoryLine(e));
            code = EXIT_INTERNAL;
        } catch (Error e) {
            errWriter.println("jgrad: internal error: " + oneLine(String.valueOf(e))
                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(errWriter);
            }
            code = EXIT_INTERNAL;
        }
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    /**
     * A bad option of the command {@code where}: one line, hint included, since scripts and people both read only
     * the first line of an error.
     *
     * @return {@link #EXIT_USAGE}
     */
    private static int usageError(PrintWriter err, CommandLine where, Exception ex, boolean debug) {
        String name = where.getCommandSpec().qualifiedName();
        err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_USAGE;
    }

    /**
     * Help pages 80 columns wide whatever the terminal, with the short synopsis ({@code [OPTIONS]}):
     * picocli wraps text where a line may break, which includes after a comma or a dot, so a long
     * synopsis broke {@code [--betas=B1,B2]} in two. Examples are footers, each line under 80 columns.
     */
    private static void layoutHelp(CommandLine cl) {
        cl.getCommandSpec().usageMessage().autoWidth(false).width(80).abbreviateSynopsis(true);
        cl.getSubcommands().values().forEach(Main::layoutHelp);
    }

    /** The out-of-memory error behind {@code ex}, or null. */
    static OutOfMemoryError outOfMemory(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /** One line for an out-of-memory error, with the heap limit and what to do. */
    static String outOfMemoryLine(OutOfMemoryError e) {
        return "out of memory (" + oneLine(e.getMessage()) + "; heap limit " + mib(Runtime.getRuntime().maxMemory())
                + "): use a smaller model or batch (--hidden, --batch-size) or give Java more heap, "
                + "e.g. java -Xmx4g -jar jgrad.jar ...";
    }

    /** {@code bytes} in MiB or GiB, e.g. "3.9 GiB". */
    public static String mib(long bytes) {
        return bytes >= (1L << 30) ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%d MiB", bytes >> 20);
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
