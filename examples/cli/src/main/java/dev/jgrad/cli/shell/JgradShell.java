package dev.jgrad.cli.shell;

import dev.jgrad.learn.Race;
import dev.jgrad.nn.Module;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.tensor.Tensor;
import jdk.jshell.tool.JavaShellToolBuilder;

import java.io.BufferedInputStream;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JShell, through the JDK's own tool ({@link JavaShellToolBuilder}), set up for jgrad: its classes
 * on the class path, its packages imported on top of JShell's default imports, snippets executed in
 * this JVM ({@code --execution local}).
 *
 * <p>Why in this JVM: the jar's launcher has already started it with the Vector API module
 * ({@code Relaunch}), so snippets get the fast kernels without a second relaunch, start in a fraction
 * of the time of JShell's default remote agent JVM, and print straight to this process's output.
 *
 * <p>JShell's settings and history stay in memory: the shell writes nothing into the user's home.
 */
public final class JgradShell {
    private JgradShell() {}

    /**
     * Imported at startup, after JShell's defaults. {@code Module} is imported by name because the
     * on-demand {@code dev.jgrad.nn.*} would otherwise be ambiguous with {@code java.lang.Module}.
     */
    public static final List<String> IMPORTS = List.of(
            "dev.jgrad.tensor.*", "dev.jgrad.autograd.*", "dev.jgrad.nn.*", "dev.jgrad.nn.Module",
            "dev.jgrad.nn.init.*", "dev.jgrad.nn.loss.*", "dev.jgrad.optim.*", "dev.jgrad.optim.schedule.*",
            "dev.jgrad.learn.*", "dev.jgrad.learn.train.*", "dev.jgrad.learn.data.*");

    /**
     * Runs JShell on {@link System#in}, {@link System#out} and {@link System#err} until its input
     * ends or {@code /exit}; {@code jshellArguments} are appended to jgrad's own options.
     *
     * @return JShell's exit code (0 unless a JShell option or file was bad, or {@code /exit n})
     */
    public static int run(List<String> jshellArguments) throws Exception {
        Path startup = Files.createTempFile("jgrad-shell", ".jsh");
        try {
            Files.writeString(startup, startupScript());
            List<String> options = new ArrayList<>(List.of("--execution", "local", "--class-path", classPath(),
                    "--startup", "DEFAULT", "--startup", startup.toString()));
            options.addAll(jshellArguments);
            JavaShellToolBuilder shell = JavaShellToolBuilder.builder()
                    .out(System.out)
                    .err(System.err)
                    .persistence(new HashMap<>());
            if (System.console() == null) {
                // Not a terminal (a pipe, a file, a test): read lines from standard input as it is now. Handing
                // JShell System.in itself would make it open the process's terminal device instead.
                shell.in(new BufferedInputStream(System.in), null).interactiveTerminal(false);
            }
            return shell.start(options.toArray(new String[0]));
        } finally {
            Files.deleteIfExists(startup);
        }
    }

    /** The import lines JShell runs at startup. */
    static String startupScript() {
        StringBuilder s = new StringBuilder();
        for (String i : IMPORTS) {
            s.append("import ").append(i).append(";\n");
        }
        return s.toString();
    }

    /**
     * Where jgrad's classes come from (one jar when run from {@code jgrad.jar}; the modules' class
     * directories or jars in a build), then this JVM's class path, for JShell's compiler.
     */
    static String classPath() throws URISyntaxException {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(Tensor.class, Module.class, Optimizer.class, Race.class, JgradShell.class)) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                entries.add(Path.of(source.getLocation().toURI()).toString());
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isEmpty()) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
