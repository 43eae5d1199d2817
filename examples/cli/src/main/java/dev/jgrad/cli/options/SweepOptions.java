package dev.jgrad.cli.options;

import dev.jgrad.learn.Cells;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.cli.options.SharedOptions.Data;
import dev.jgrad.cli.options.SharedOptions.Hidden;
import dev.jgrad.cli.options.SharedOptions.Seed;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the runs of the commands that train the MNIST MLP many times ({@code race}, {@code wd-sweep}) share: the
 * digits ({@link Data}), the hidden width ({@link Hidden}) and the first seed ({@link Seed}), epochs per run, the
 * training images, the batch, how many runs at once, and which slice of the plan ({@code --cell i/n}).
 */
public final class SweepOptions {
    /** The most epochs a run of {@code race} or {@code wd-sweep} may train. */
    public static final int MAX_EPOCHS = 1000;

    @Mixin Data data = new Data();
    @Mixin Hidden hidden = new Hidden();
    @Mixin Seed seed = new Seed();

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
     * @param hidden    the MLP's hidden width
     * @param seed      the first run's seed
     * @param jobs      runs trained at once
     * @param slice     the runs to train: every one, or the slice {@code --cell} names
     */
    public record Plan(int epochs, int limit, int batchSize, int hidden, long seed, int jobs, Cells.Slice slice) {
        /** The training images the runs use of {@code data}'s. */
        public int used(MnistData data) {
            return limit == 0 ? data.train().count() : Math.min(limit, data.train().count());
        }
    }

    /** The digits of {@code --data DIR}, or the bundled subset. */
    public MnistData load() {
        return data.load();
    }

    /** Checks every number and the cell before anything trains. */
    public Plan check() {
        CliCommand.range("--epochs", epochs, 1, MAX_EPOCHS);
        CliCommand.range("--limit", limit, 0, Integer.MAX_VALUE);
        CliCommand.range("--batch-size", batchSize, 1, 1 << 20);
        CliCommand.range("--hidden", hidden.value(), 1, 100_000);
        CliCommand.range("--jobs", jobs, 1, 256);
        try {
            Cells.Slice slice = cell == null ? Cells.Slice.ALL : Cells.Slice.parse(cell);
            return new Plan(epochs, limit, batchSize, hidden.value(), seed.value(), jobs, slice);
        } catch (IllegalArgumentException e) {
            throw CliCommand.usage("--cell: " + e.getMessage());
        }
    }
}
