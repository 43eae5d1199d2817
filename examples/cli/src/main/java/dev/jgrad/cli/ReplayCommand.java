package dev.jgrad.cli;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.optim.replay.ReplayReport;
import dev.jgrad.optim.replay.TrajectoryFileException;
import dev.jgrad.optim.replay.TrajectoryReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code jgrad replay FILE...}: replays optimizer trajectories recorded with PyTorch
 * ({@code optim-trajectories.json} schema) through jgrad's optimizer of the same name and prints, per case,
 * the largest relative error. Exit 0 if every case is within {@link TrajectoryReplay#TOLERANCE},
 * 1 if one is not, 2 if a file cannot be replayed (one line naming it and the problem).
 */
@Command(name = "replay",
        description = {"Replay optimizer trajectories recorded with PyTorch and report, per case, the largest "
                + "relative error of jgrad's optimizer of the same name, any registered one (tolerance 1e-10).",
            "Closed loops step through a closure; LBFGS cases also compare the closure evaluations of every step."},
        footer = {
            "  java -jar examples/target/jgrad.jar replay \\",
            "      optim/src/test/resources/reference/optim-zoo-trajectories.json"})
public final class ReplayCommand extends CliCommand {
    /** Where the repository keeps its PyTorch recordings. */
    static final String RECORDINGS = "optim/src/test/resources/reference/ (e.g. optim-zoo-trajectories.json)";

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Trajectory files (JSON with open_loop, closed_loop and/or param_groups cases).")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        int code = Main.EXIT_OK;
        for (Path file : files) {
            ReplayReport report;
            if (!Files.exists(file) && file.getParent() != null && !Files.isDirectory(file.getParent())) {
                // e.g. ../shared/reference/... of a developer's checkout, which a clone does not have
                err.println(spec.qualifiedName() + ": " + file + ": no such file (no directory " + file.getParent()
                        + " either); the recordings that ship with jgrad are in " + RECORDINGS);
                err.flush();
                code = Main.EXIT_USAGE;
                continue;
            }
            try {
                report = TrajectoryReplay.run(file);
            } catch (TrajectoryFileException e) {
                err.println(spec.qualifiedName() + ": " + Main.oneLine(e.getMessage()));
                err.flush();
                code = Main.EXIT_USAGE;
                continue;
            }
            out.print(report.table());
            out.flush();
            if (!report.passed() && code == Main.EXIT_OK) {
                code = Main.EXIT_FAILED;
            }
        }
        return code;
    }
}
