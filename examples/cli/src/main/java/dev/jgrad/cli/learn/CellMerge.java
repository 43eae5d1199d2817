package dev.jgrad.cli.learn;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.learn.Cells;
import dev.jgrad.learn.Outputs;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code merge}, the subcommand of a command that trains in cells ({@code race}, {@code wd-sweep}): reads the
 * cells' CSVs, joins them into the whole (refused in one line if they do not make one), then writes the picture and
 * the CSV and prints the summary, as the whole run would have.
 *
 * @param <R> the joined result
 */
abstract class CellMerge<R> extends CliCommand {
    @Parameters(paramLabel = "CSV", arity = "1..*", description = "The cells' CSV files.")
    List<Path> files;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for ${PARENT-COMMAND-NAME}.png and ${PARENT-COMMAND-NAME}.csv "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dir;

    CellMerge(String dir) {
        this.dir = Path.of(dir);
    }

    /** The whole from the cells' CSV texts (by file name). */
    abstract R join(Map<String, String> texts);

    /** Writes the picture and the CSV into {@code dir} and prints the summary on {@code w}. */
    abstract void finish(PrintWriter w, Path dir, R whole);

    @Override
    public final Integer call() {
        Map<String, String> texts = Cells.readAll(files);
        R whole;
        try {
            whole = join(texts);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Outputs.directory(dir);
        PrintWriter w = out();
        finish(w, dir, whole);
        w.flush();
        return 0;
    }

    /**
     * For {@code command --cell i/n}: writes the cell's CSV, {@code command-cell-i-of-n.csv} in {@code dir}, and says
     * how to join the cells.
     *
     * @return the exit code, 0
     */
    static int writeCell(PrintWriter w, String command, Path dir, Cells.Slice slice, String csvText, double seconds) {
        Path csv = dir.resolve(command + "-cell-" + slice.index() + "-of-" + slice.count() + ".csv");
        Outputs.writeText(csv, csvText);
        w.printf(Locale.ROOT, "wrote %s (%.0f s); join the cells with: java -jar examples/target/jgrad.jar %s merge"
                + " --out %s %s%n", csv, seconds, command, dir, dir.resolve(command + "-cell-*.csv"));
        w.flush();
        return 0;
    }
}
