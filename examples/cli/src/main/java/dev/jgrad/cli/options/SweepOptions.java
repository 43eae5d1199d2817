package dev.jgrad.cli.options;

import dev.jgrad.learn.Cells;
import dev.jgrad.learn.data.MnistData;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The run control of the commands that train the MNIST MLP many times ({@code race}, {@code wd-sweep}): epochs per
 * run, the training images, the batch, how many runs at once, and which slice of the plan ({@code --cell i/n}).
 */
public final class SweepOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs per run (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--limit", paramLabel = "N",
            description = "Train on the first N training images only; 0 for all (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Runs trained at once (default: ${DEFAULT-VALUE}; results do not depend on it).")
    int jobs;

    @Option(names = "--cell", paramLabel = "i/n",
            description = "Train slice i of n only (runs i, i + n, ... of the plan; 1 <= i <= n) and write its CSV; "
                    + "join the slices with '${COMMAND-FULL-NAME} merge'.")
    String cell;

    /** A command's own defaults for {@code --epochs} and {@code --limit}. */
    public SweepOptions(int epochs, int limit) {
        this.epochs = epochs;
        this.limit = limit;
    }

    /**
     * What the runs share, checked.
     *
     * @param epochs    epochs per run
     * @param limit     the training images to use, 0 for all
     * @param batchSize training images per step
     * @param jobs      runs trained at once
     * @param slice     the runs to train: every one, or the slice {@code --cell} names
     */
    public record Plan(int epochs, int limit, int batchSize, int jobs, Cells.Slice slice) {
        /** The training images the runs use of {@code data}'s. */
        public int used(MnistData data) {
            return limit == 0 ? data.train().count() : Math.min(limit, data.train().count());
        }
    }

    /** Checks every number (and the hidden width the runs share) and the cell before anything trains. */
    public Plan check(int maxEpochs, int hidden) {
        CliCommand.range(spec, "--epochs", epochs, 1, maxEpochs);
        CliCommand.range(spec, "--limit", limit, 0, Integer.MAX_VALUE);
        CliCommand.range(spec, "--batch-size", batchSize, 1, 1 << 20);
        CliCommand.range(spec, "--hidden", hidden, 1, 100_000);
        CliCommand.range(spec, "--jobs", jobs, 1, 256);
        try {
            return new Plan(epochs, limit, batchSize, jobs, cell == null ? Cells.Slice.ALL : Cells.Slice.parse(cell));
        } catch (IllegalArgumentException e) {
            throw CliCommand.usage(spec, "--cell: " + e.getMessage());
        }
    }
}
