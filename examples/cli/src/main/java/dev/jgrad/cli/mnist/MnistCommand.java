package dev.jgrad.cli.mnist;

import dev.jgrad.autograd.AnomalyMode;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.cli.CliException;
import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.MnistOptions.Model;
import dev.jgrad.cli.options.MnistOptions.Outputs;
import dev.jgrad.cli.options.MnistOptions.Sources;
import dev.jgrad.cli.options.MnistOptions.Training;
import dev.jgrad.cli.options.OptimizerFlags;
import dev.jgrad.cli.options.SharedOptions.Data;
import dev.jgrad.cli.options.SharedOptions.Hidden;
import dev.jgrad.cli.options.SharedOptions.Seed;
import dev.jgrad.cli.options.SharedOptions.Threads;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.train.CheckpointLock;
import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.ScheduleSpec;
import dev.jgrad.learn.train.StepWarmUp;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingDivergedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jgrad mnist}: trains the MNIST classifier end to end and reports per-epoch loss and test
 * accuracy. Data: the bundled subset by default (full MNIST instead once it is cached),
 * {@code --data DIR} for any four IDX files, {@code --download} for full MNIST.
 */
@Command(name = "mnist", usageHelpAutoWidth = true,
        description = {
            "Train a classifier on MNIST-format digits and report loss and test accuracy after every epoch.",
            "",
            "Data (offline by default): the 8 000/2 000-digit MNIST subset bundled in the jar, or full MNIST "
                + "(60 000/10 000) once --download has cached it; --data DIR reads any directory with the four IDX "
                + "files (e.g. Fashion-MNIST in /usr/share/datasets/fashion-mnist).",
            ""},
        footerHeading = "%nExamples:%n",
        // One command per line, each under 80 columns, so no terminal wraps one in the middle.
        footer = {
            "  # 5 epochs of the 784-500-10 MLP with AdamW:",
            "  java -jar examples/target/jgrad.jar mnist",
            "  # full MNIST (fetched once, then cached):",
            "  java -jar examples/target/jgrad.jar mnist --download --epochs 10",
            "  java -jar examples/target/jgrad.jar mnist \\",
            "      --data /usr/share/datasets/fashion-mnist --plot fashion.png",
            "  java -jar examples/target/jgrad.jar mnist \\",
            "      --model linear --optimizer sgd --lr 0.1 --momentum 0.9",
            "  # 2 epochs, then 3 more from the checkpoint:",
            "  java -jar examples/target/jgrad.jar mnist --epochs 2 --checkpoint run1",
            "  java -jar examples/target/jgrad.jar mnist --epochs 5 --checkpoint run1 \\",
            "      --resume"})
public final class MnistCommand extends CliCommand {
    @Mixin Data data = new Data();
    @Mixin Sources sources = new Sources();
    @Mixin Model model = new Model();
    @Mixin Hidden hidden = new Hidden();
    @Mixin OptimizerFlags optimizer = new OptimizerFlags();
    @Mixin Training training = new Training();
    @Mixin Seed seed = new Seed();
    @Mixin Threads threads = new Threads();

    @Option(names = "--no-progress", order = 30,
            description = "No progress within epochs (by default: a bar on a terminal, else a line every 10 s).")
    boolean noProgress;

    @Mixin Outputs outputs = new Outputs();

    @Option(names = "--detect-anomaly", order = 35,
            description = "Check every gradient for NaN/Inf; the first one stops training (exit 4) naming the op, the "
                    + "line that created it and the shapes. Slow: for debugging.")
    boolean detectAnomaly;

    @Mixin HealthOptions health = new HealthOptions();

    @Override
    @SuppressWarnings("try") // the lock is held for its close()
    public Integer call() {
        TrainConfig config = validatedConfig();
        // Everything that can fail without training fails before the first step.
        RunLimits.check(config, StepWarmUp.batch(config), model.widthOption());
        outputs.checkFiles();
        health.check();
        try (CheckpointLock lock = outputs.lock()) {
            return train(config, lock);
        }
    }

    private TrainConfig validatedConfig() {
        sources.check(data);
        training.check(hidden);
        threads.check();
        ScheduleSpec schedule = training.schedule();
        outputs.checkFlags();
        OptimizerSpec o = optimizer.parse("mini-batch training (one gradient per batch)");
        outputs.check(o);
        return new TrainConfig(model.factory(hidden), o, schedule, training.epochs(), training.batchSize(),
                seed.value());
    }

    @SuppressWarnings("try") // the anomaly scope is opened for its effect, not read
    private int train(TrainConfig config, CheckpointLock lock) {
        threads.apply(); // before anything computes: the kernels read it when they first run
        PrintWriter out = out();
        PrintWriter err = err();
        MnistData loaded;
        try (StepWarmUp warm = StepWarmUp.start(config)) { // compiles the training step while the data loads
            loaded = sources.load(data, out, err);
        }
        RunLimits.check(config, Math.min(config.batchSize(), loaded.train().count()), model.widthOption());
        Trainer trainer;
        try {
            trainer = new Trainer(loaded, config);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        boolean resumed = outputs.resume(trainer, out);
        out.printf(Locale.ROOT, "Model: %s (%,d parameters); %s; %s; %d epoch%s of %d step%s (batch %d), seed %d%n",
                config.model().id(), trainer.model().parameterCount(), config.optimizer(), config.schedule(),
                config.epochs(), config.epochs() == 1 ? "" : "s", trainer.stepsPerEpoch(),
                trainer.stepsPerEpoch() == 1 ? "" : "s", config.batchSize(), config.seed());
        out.flush();
        if (trainer.epochsDone() >= config.epochs()) {
            out.printf("The checkpoint already has %d of %d epochs; nothing to train (raise --epochs to continue).%n",
                    trainer.epochsDone(), config.epochs());
            writeOutputs(trainer);
            return 0;
        }

        double trainSeconds = 0;
        int trainedEpochs = 0;
        boolean terminal = System.console() != null;
        try (AnomalyMode anomaly = detectAnomaly ? Autograd.detectAnomaly() : null;
             Progress progress = noProgress ? Progress.none() : Progress.create(terminal, config.epochs(), err)) {
            while (trainer.epochsDone() < config.epochs()) {
                EpochMetrics m;
                try {
                    m = trainer.trainEpoch(health.around(trainer, resumed, progress));
                } catch (TrainingDivergedException e) {
                    progress.close();
                    outputs.writeDiverged(trainer, e);
                    health.write(trainer);
                    throw e.withHint(divergenceHint(trainer));
                }
                trainSeconds += m.trainSeconds();
                trainedEpochs++;
                out.printf(Locale.ROOT, "Epoch %d, Loss: %.4f, Test Accuracy: %.2f%% (%.1f s, %.0f samples/s)%n",
                        m.epoch(), m.trainLoss(), m.testAccuracy(), m.trainSeconds(), m.samplesPerSecond());
                out.flush();
                outputs.save(trainer, lock);
                writeOutputs(trainer);
            }
        }
        summary(out, trainer, trainedEpochs, trainSeconds);
        return 0;
    }

    /** What to try after a divergence, and what the checkpoint still holds. */
    private String divergenceHint(Trainer trainer) {
        OptimizerSpec o = trainer.config().optimizer();
        StringBuilder hint = new StringBuilder("try a lower --lr (this run: " + OptimizerSpec.num(o.lr()) + ")");
        if (o.get("eps") instanceof Number e) {
            hint.append(" or a larger --eps (this run: ").append(OptimizerSpec.num(e.doubleValue())).append(')');
        }
        if (!detectAnomaly) {
            hint.append(", or --detect-anomaly to find the operation that made it");
        }
        return hint.append(outputs.holds(trainer)).toString();
    }

    private void writeOutputs(Trainer trainer) {
        outputs.write(trainer);
        health.write(trainer);
    }

    private void summary(PrintWriter out, Trainer trainer, int trainedEpochs, double trainSeconds) {
        List<EpochMetrics> h = trainer.history();
        EpochMetrics last = h.get(h.size() - 1);
        EpochMetrics best = last;
        for (EpochMetrics m : h) {
            if (m.testAccuracy() > best.testAccuracy()) {
                best = m;
            }
        }
        int images = trainer.data().train().count();
        out.printf(Locale.ROOT, "Done: %d epoch%s trained in %.1f s (%.0f samples/s); test accuracy %.2f%% "
                        + "(best %.2f%% after epoch %d), test loss %.4f%n",
                trainedEpochs, trainedEpochs == 1 ? "" : "s", trainSeconds, trainedEpochs * images / trainSeconds,
                last.testAccuracy(), best.testAccuracy(), best.epoch(), last.testLoss());
        List<String> wrote = new ArrayList<>(outputs.wrote());
        wrote.addAll(health.wrote());
        if (!wrote.isEmpty()) {
            out.println("Wrote " + String.join(", ", wrote));
        }
        out.flush();
    }
}
