package dev.jgrad.cli.mnist;

import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.io.AtomicFile;
import dev.jgrad.learn.train.HealthLog;
import dev.jgrad.learn.train.HealthMonitor;
import dev.jgrad.learn.train.HealthPlot;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mnist}'s training-health options ({@code --health}, {@code --health-every}, {@code --health-plot}) and
 * their files. Without {@code --health} and {@code --health-plot} nothing is attached to the model or the
 * optimizer: the run is the plain one, hook for hook.
 */
final class HealthOptions {
    @Option(names = "--health", paramLabel = "FILE.jsonl", order = 36,
            description = "Record training health every --health-every steps as JSON Lines: per parameter the "
                    + "gradient norm, weight norm, update/weight ratio and (Adam family) effective-step quantiles; "
                    + "per ReLU layer the dead fraction. Rewritten atomically after every epoch.")
    Path file;

    @Option(names = "--health-every", paramLabel = "N", defaultValue = "" + HealthMonitor.DEFAULT_EVERY, order = 37,
            description = "Steps between health records (steps 1, 1+N, 1+2N, ...). Default: ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--health-plot", paramLabel = "FILE.png", order = 38,
            description = "Draw gradient norms, update ratios (log axes) and dead fractions over the steps.")
    Path plot;

    private HealthMonitor monitor;
    private List<String> kept = List.of();

    private boolean on() {
        return file != null || plot != null;
    }

    /** Refuses a bad --health-every and unwritable files before anything trains. */
    void check() {
        if (every < 1) {
            throw CliCommand.usage("--health-every must be at least 1, got " + every);
        }
        if (file != null) {
            AtomicFile.checkWritable(file);
        }
        if (plot != null) {
            AtomicFile.checkWritable(plot);
        }
    }

    /** {@code inner}, with the health monitor attached to {@code trainer} beside it if health is on. */
    TrainingListener around(Trainer trainer, boolean resumed, TrainingListener inner) {
        if (!on()) {
            return inner;
        }
        if (monitor == null) {
            monitor = HealthMonitor.attach(trainer, every);
            if (resumed && file != null) {
                kept = HealthLog.linesUpTo(file, (long) trainer.epochsDone() * trainer.stepsPerEpoch());
            }
        }
        return TrainingListener.both(inner, monitor);
    }

    /** Rewrites the files with what was recorded so far (nothing before the first record). */
    void write(Trainer trainer) {
        if (monitor == null || monitor.records().isEmpty()) {
            return;
        }
        if (file != null) {
            HealthLog.write(file, kept, monitor.records());
        }
        if (plot != null) {
            String title = trainer.config().model().id() + ", " + trainer.config().optimizer().name();
            HealthPlot.write(plot, monitor.records(), title);
        }
    }

    /** "health FILE", "health plot FILE" for the summary line. */
    List<String> wrote() {
        List<String> out = new ArrayList<>();
        if (monitor != null && !monitor.records().isEmpty()) {
            if (file != null) {
                out.add("health " + file);
            }
            if (plot != null) {
                out.add("health plot " + plot);
            }
        }
        return out;
    }
}
