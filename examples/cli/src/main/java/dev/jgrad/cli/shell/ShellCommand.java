package dev.jgrad.cli.shell;

import dev.jgrad.cli.options.CliCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code jgrad shell [JSHELL-OPTION...] [FILE...]}: starts {@link JgradShell} on this process's standard
 * streams and exits with JShell's exit code. Anything after {@code shell} goes to JShell unchanged.
 */
@Command(name = "shell",
        description = {"Start JShell with jgrad on the class path and its packages imported (tensor, autograd, nn, "
                + "nn.init, nn.loss, optim, optim.schedule, and the learning tools).",
            "Snippets run in this JVM, with the Vector API when the jar could add it. Type /exit (or Ctrl-D) to leave; "
                + "/imports lists what is imported. Arguments after 'shell' go to JShell unchanged: a script file "
                + "to run, or JShell's own options."},
        footer = {
            "  java -jar examples/target/jgrad.jar shell"})
public final class ShellCommand extends CliCommand {
    @Unmatched
    List<String> jshellArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return JgradShell.run(jshellArguments);
    }
}
