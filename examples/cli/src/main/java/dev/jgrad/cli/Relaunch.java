package dev.jgrad.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Gets {@code java -jar jgrad.jar ...} onto the fast path. The SIMD kernels need the incubating
 * Vector API, which the JVM resolves only when started with {@code --add-modules jdk.incubator.vector};
 * a jar's manifest cannot ask for that. So when the module is missing, {@link Main} starts a second
 * JVM, the same java binary with the same JVM options (but a debugger agent, {@link #unshared}) plus
 * that one, runs the command there with standard input, output and error inherited, and exits with
 * its exit code.
 *
 * <p>The child also gets a JVM memory setup for training loops unless the user chose one
 * ({@link #MEMORY_OPTIONS}): the serial collector with a young generation of at most 64 MB. A step
 * allocates a few MB of short-lived tensors and keeps almost nothing, so small, frequent young
 * collections cost about 1–2% of the time, and the process stays near its live data (the images and
 * the model) instead of growing towards a quarter of the machine's memory as the default heap may.
 *
 * <p>No relaunch when: the module is already there; this JVM is itself a relaunch (the system
 * property {@value #GUARD} is set, so there is never a loop); {@code JGRAD_RELAUNCH=0} (or the property
 * {@code jgrad.relaunch=false}); the command only prints help or the version ({@code -h}, {@code --help},
 * {@code -V}, {@code --version} anywhere, or the {@code help} command first); the Java runtime has no
 * such module; or the java binary cannot be found or started. Then the kernels run scalar and say so in one line, as before.
 *
 * <p>The child never outlives the launcher. A launcher stopped by SIGTERM or Ctrl-C stops the child
 * from a shutdown hook, but SIGKILL runs no hooks, so the child also watches: every
 * {@value #WATCH_MILLIS} ms it checks that its parent is still the launcher whose pid it was given,
 * and once it is not (the launcher died and the child was re-parented) it exits with
 * {@value #ORPHANED}. Exiting runs the shutdown hooks and the operating system releases the
 * checkpoint lock; whatever it was writing is written atomically, so nothing half-written remains.
 */
final class Relaunch {
    private Relaunch() {}

    static final String MODULE = "jdk.incubator.vector";
    /** Set in the child, so it never relaunches again. */
    static final String GUARD = "jgrad.relaunched";
    /** Set in the child to the launcher's process id, which the child watches ({@link #watchLauncher}). */
    static final String LAUNCHER = "jgrad.launcher.pid";
    /** How often the child looks for its launcher. */
    static final long WATCH_MILLIS = 200;
    /** The child's exit code when its launcher is gone: 128 + SIGTERM, as if it had been told to stop. */
    static final int ORPHANED = 143;
    /** What the child gets when the user set no heap size or collector. */
    static final List<String> MEMORY_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms32m", "-XX:MaxNewSize=64m");

    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    /** What this JVM knows about itself, gathered in one place so the decision can be tested. */
    record Launch(boolean modulePresent, boolean moduleInRuntime, boolean relaunched, boolean disabled,
                  Optional<String> javaCommand, List<String> jvmOptions, String classPath, String mainClass) {
        static Launch current(Class<?> main) {
            boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
            boolean inRuntime = ModuleFinder.ofSystem().find(MODULE).isPresent();
            boolean relaunched = System.getProperty(GUARD) != null;
            boolean disabled = "0".equals(System.getenv("JGRAD_RELAUNCH"))
                    || "false".equalsIgnoreCase(System.getProperty("jgrad.relaunch"));
            if (present || !inRuntime || relaunched || disabled) {
                return new Launch(present, inRuntime, relaunched, disabled, Optional.empty(), List.of(), "", main.getName());
            }
            List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
            return new Launch(false, true, false, false, ProcessHandle.current().info().command(), options,
                    System.getProperty("java.class.path", ""), main.getName());
        }
    }

    /** The child's command line, or empty when this JVM should run the command itself. */
    static Optional<List<String>> command(Launch launch, String[] args) {
        if (launch.modulePresent() || !launch.moduleInRuntime() || launch.relaunched() || launch.disabled() || launch.javaCommand().isEmpty()
                || launch.classPath().isEmpty()) {
            return Optional.empty();
        }
        // "help" is the help command only in first place; elsewhere it is a value (--metrics help).
        if (args.length == 0 || args[0].equals("help")) {
            return Optional.empty();
        }
        for (String a : args) {
            if (HELP.contains(a)) {
                return Optional.empty();
            }
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(launch.javaCommand().get());
        launch.jvmOptions().stream().filter(o -> !unshared(o)).forEach(cmd::add);
        if (!choosesMemory(launch.jvmOptions())) {
            cmd.addAll(MEMORY_OPTIONS);
        }
        cmd.add("--add-modules");
        cmd.add(MODULE);
        cmd.add("-D" + GUARD + "=true");
        cmd.add("-D" + LAUNCHER + "=" + ProcessHandle.current().pid());
        cmd.add("-cp");
        cmd.add(launch.classPath());
        cmd.add(launch.mainClass());
        cmd.addAll(List.of(args));
        return Optional.of(cmd);
    }

    /**
     * In a relaunched child: starts a daemon thread that ends this JVM once the launcher named by
     * {@value #LAUNCHER} is no longer its parent. Does nothing in a JVM started any other way.
     */
    static void watchLauncher() {
        String pid = System.getProperty(LAUNCHER);
        if (pid == null || !pid.matches("\\d+")) {
            return;
        }
        long launcher = Long.parseLong(pid);
        Thread watch = new Thread(() -> {
            while (launcherAlive(launcher)) {
                try {
                    Thread.sleep(WATCH_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("jgrad: the launching process (pid " + launcher + ") is gone; stopping");
            System.exit(ORPHANED);
        }, "jgrad-launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Whether {@code launcher} is alive and still this process's parent (a re-parented child has a new one). */
    static boolean launcherAlive(long launcher) {
        return ProcessHandle.current().parent().map(p -> p.pid() == launcher && p.isAlive()).orElse(false);
    }

    /**
     * Whether a JVM option holds something only one JVM can have, so the child must not get it: the
     * debugger agent listens on (or connects from) one address, and the child could not bind the
     * launcher's port. The launcher keeps it; {@link #unsharedNotice} says how to debug the work itself.
     */
    static boolean unshared(String option) {
        return option.startsWith("-agentlib:jdwp") || option.startsWith("-Xrunjdwp") || option.equals("-Xdebug");
    }

    /** One line naming the options the child does not get, or empty when it gets them all. */
    static Optional<String> unsharedNotice(Launch launch) {
        List<String> dropped = launch.jvmOptions().stream().filter(Relaunch::unshared).toList();
        return dropped.isEmpty() ? Optional.empty() : Optional.of("jgrad: the command runs in a second JVM (for the "
                + "Vector API) without " + String.join(" ", dropped) + ", which only this one can hold; "
                + "to debug the command itself, set JGRAD_RELAUNCH=0");
    }

    /** Whether the user's JVM options already pick a heap size or a collector. */
    static boolean choosesMemory(List<String> options) {
        for (String o : options) {
            if (o.startsWith("-Xmx") || o.startsWith("-Xms") || o.startsWith("-Xmn") || o.startsWith("-XX:MaxHeapSize")
                    || o.startsWith("-XX:InitialHeapSize") || o.startsWith("-XX:MaxNewSize") || o.contains("RAMPercentage")
                    || (o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code cmd} with this process's standard streams and returns its exit code; if this JVM is
     * stopped first, the child is stopped too. Empty if it could not be started.
     */
    static Optional<Integer> run(List<String> cmd) {
        Process child;
        try {
            child = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Thread stopChild = new Thread(child::destroy, "jgrad-relaunch-stop");
        Runtime.getRuntime().addShutdownHook(stopChild);
        while (true) {
            try {
                int code = child.waitFor();
                Runtime.getRuntime().removeShutdownHook(stopChild);
                return Optional.of(code);
            } catch (InterruptedException e) {
                // keep waiting: the child owns the terminal until it ends
            } catch (IllegalStateException e) {
                return Optional.of(child.exitValue()); // shutting down already
            }
        }
    }
}
