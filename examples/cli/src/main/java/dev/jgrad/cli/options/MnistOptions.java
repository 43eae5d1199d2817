package dev.jgrad.cli.options;

import dev.jgrad.io.AtomicFile;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.data.MnistDownloader;
import dev.jgrad.learn.data.MnistSource;
import dev.jgrad.learn.train.Activation;
import dev.jgrad.learn.train.Checkpoint;
import dev.jgrad.learn.train.CheckpointLock;
import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.InitScheme;
import dev.jgrad.learn.train.MetricsFile;
import dev.jgrad.learn.train.MlpSpec;
import dev.jgrad.learn.train.ModelFactory;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.PlotFile;
import dev.jgrad.learn.train.ScheduleSpec;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingDivergedException;
import dev.jgrad.optim.OptimizerRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The option groups of a full training run ({@code mnist}), each a picocli mixin: full MNIST besides
 * {@code --data} ({@link Sources}), the model ({@link Model}), how long and how fast it trains ({@link Training}),
 * and the files it writes ({@link Outputs}).
 */
public final class MnistOptions {
    private MnistOptions() {
    }

    /**
     * Full MNIST beside {@link SharedOptions.Data}'s {@code --data}: {@code --download} (fetched once into the
     * cache), {@code --bundled}, {@code --cache-dir} and {@code --mirror}. Without any of them a command reads full
     * MNIST if it is cached, else the bundled subset, and says which.
     */
    public static final class Sources {
        @Option(names = "--download", order = 2,
                description = "Use full MNIST, downloading it into the cache directory first if it is not there "
                        + "(about 11 MB; SHA-256 verified; later runs need no network).")
        boolean download;

        @Option(names = "--bundled", order = 3,
                description = "Use the bundled subset even if full MNIST is cached.")
        boolean bundled;

        @Option(names = "--cache-dir", paramLabel = "DIR", order = 4,
                description = "Where full MNIST is cached "
                        + "(default: $XDG_CACHE_HOME/jgrad/mnist or ~/.cache/jgrad/mnist).")
        Path cacheDir;

        @Option(names = "--mirror", paramLabel = "URL", order = 5,
                description = "A mirror to download from, tried in the order given (repeatable; default: "
                        + "the Google CVDF mirror, then the ossci S3 mirror).")
        List<String> mirrors = new ArrayList<>();

        /** Refuses two sources at once. */
        public void check(SharedOptions.Data data) {
            if ((data.dir() != null ? 1 : 0) + (download ? 1 : 0) + (bundled ? 1 : 0) > 1) {
                throw CliCommand.usage("--data, --download and --bundled choose the data: give at most one");
            }
        }

        /** The digits, with a line on {@code out} saying which and how many; a download's progress on {@code err}. */
        public MnistData load(SharedOptions.Data data, PrintWriter out, PrintWriter err) {
            if (data.dir() != null) {
                MnistData d = data.load();
                out.printf(Locale.ROOT, "Data: %d train / %d test images from %s%n", d.train().count(),
                        d.test().count(), data.dir());
                return d;
            }
            MnistDownloader downloader = downloader();
            Path cache = cacheDir != null ? cacheDir : MnistDownloader.defaultCacheDir();
            if (download) {
                downloader.download(cache, new DownloadLog(err));
            }
            if (download || !bundled && downloader.isCached(cache)) {
                MnistData d = MnistSource.fromDirectory(cache);
                out.printf(Locale.ROOT, "Data: full MNIST, %d train / %d test digits, from the cache %s%s%n",
                        d.train().count(), d.test().count(), cache,
                        download ? "" : " (--bundled for the small subset in the jar)");
                return d;
            }
            MnistData d = MnistSource.bundled();
            out.printf(Locale.ROOT, "Data: bundled MNIST subset, %d train / %d test digits (for full MNIST, 60000 / "
                    + "10000, add --download once: about 11 MB, cached in %s)%n", d.train().count(), d.test().count(),
                    cache);
            return d;
        }

        private MnistDownloader downloader() {
            try {
                return mirrors.isEmpty() ? new MnistDownloader() : MnistDownloader.of(mirrors);
            } catch (IllegalArgumentException e) {
                throw CliCommand.usage("--mirror: " + e.getMessage());
            }
        }
    }

    /**
     * The model a training run builds, beside {@link SharedOptions.Hidden}'s width: {@code --model mlp|linear}, or an
     * MLP of any depth and kind ({@code --layers}, {@code --activation}, {@code --init}, {@code --dropout},
     * {@code --batch-norm}).
     */
    public static final class Model {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--model", paramLabel = "mlp|linear", defaultValue = "mlp", order = 10,
                description = "mlp: 784-H-10 with ReLU; linear: 784-10 (softmax regression). "
                        + "Default: ${DEFAULT-VALUE}.")
        ModelSpec.Kind model;

        @Option(names = "--layers", paramLabel = "784,H,...,10", split = ",", order = 11,
                description = "An MLP of any depth: layer widths from 784 pixels to 10 classes "
                        + "(replaces --model/--hidden).")
        int[] layers;

        @Option(names = "--activation", paramLabel = "relu|tanh|gelu|sigmoid|leaky_relu", defaultValue = "relu",
                order = 11,
                description = "Hidden-layer nonlinearity (default: ${DEFAULT-VALUE}).")
        String activation;

        @Option(names = "--init", paramLabel = "default|xavier|kaiming|normal:STD|zeros", defaultValue = "default",
                order = 11,
                description = "Initialization of the Linear weights (default: PyTorch's; the others zero the biases).")
        String init;

        @Option(names = "--dropout", paramLabel = "P", defaultValue = "0", order = 11,
                description = "Dropout probability after each hidden activation, in [0, 1) "
                        + "(default: ${DEFAULT-VALUE}).")
        double dropout;

        @Option(names = "--batch-norm", order = 11, description = "BatchNorm1d before each hidden activation.")
        boolean batchNorm;

        /** The option that set the layer widths, for a hint. */
        public String widthOption() {
            return layers != null ? "--layers" : "--hidden";
        }

        /** {@link ModelSpec} for the default flags (the seeds' MLP, unchanged); else an {@link MlpSpec}. */
        public ModelFactory factory(SharedOptions.Hidden width) {
            int hidden = width.value();
            Activation act = activation();
            InitScheme scheme;
            try {
                scheme = InitScheme.parse(init);
            } catch (IllegalArgumentException e) {
                throw CliCommand.usage(e.getMessage());
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw CliCommand.usage("--dropout must be in [0, 1), got " + dropout);
            }
            boolean custom = layers != null || act != Activation.RELU || scheme.kind() != InitScheme.Kind.DEFAULT
                    || dropout > 0 || batchNorm;
            if (!custom) {
                return model == ModelSpec.Kind.MLP ? ModelSpec.mlp(hidden) : ModelSpec.linear();
            }
            if (model == ModelSpec.Kind.LINEAR) {
                throw CliCommand.usage("--layers, --activation, --init, --dropout and --batch-norm build an MLP; "
                        + "drop --model linear");
            }
            if (layers != null && spec.commandLine().getParseResult().hasMatchedOption("--hidden")) {
                throw CliCommand.usage("--layers gives every width, so --hidden " + hidden + " would be ignored; "
                        + "drop it or put it into --layers (e.g. 784," + hidden + ",10)");
            }
            int[] sizes = layers != null ? layers : new int[] {784, hidden, 10};
            if (sizes.length < 2 || sizes[0] != 784 || sizes[sizes.length - 1] != 10
                    || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
                throw CliCommand.usage("--layers must start at 784, end at 10 and have widths >= 1 "
                        + "(e.g. 784,256,256,10), got "
                        + Arrays.stream(sizes).mapToObj(String::valueOf).collect(Collectors.joining(",")));
            }
            return new MlpSpec(sizes, act, scheme, dropout, batchNorm ? MlpSpec.Norm.BATCH : MlpSpec.Norm.NONE);
        }

        private Activation activation() {
            for (Activation a : Activation.values()) {
                if (a.toString().equals(activation.trim().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw CliCommand.usage("--activation must be one of relu, tanh, gelu, sigmoid, leaky_relu; got '"
                    + activation + "'");
        }
    }

    /**
     * How long a training run trains and how its learning rate moves: {@code --epochs}, {@code --batch-size} and the
     * schedule ({@code --schedule}, {@code --step-size}, {@code --gamma}, {@code --patience}).
     */
    public static final class Training {
        @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", order = 19,
                description = "Epochs to train (with --resume: the total, including those already done). "
                        + "Default: ${DEFAULT-VALUE}.")
        int epochs;

        @Option(names = "--batch-size", paramLabel = "B", defaultValue = "64", order = 20,
                description = "Training images per step. Default: ${DEFAULT-VALUE}.")
        int batchSize;

        @Option(names = "--schedule", paramLabel = "none|cosine|step|plateau", defaultValue = "none", order = 21,
                description = "Learning-rate schedule, stepped after every epoch: cosine anneals to 0 over --epochs; "
                        + "step multiplies by --gamma every --step-size epochs; plateau multiplies by --gamma when the "
                        + "test loss has not improved for more than --patience epochs. Default: ${DEFAULT-VALUE}.")
        ScheduleSpec.Kind schedule;

        @Option(names = "--step-size", paramLabel = "N", defaultValue = "2", order = 22,
                description = "Epochs between cuts of the step schedule. Default: ${DEFAULT-VALUE}.")
        int stepSize;

        @Option(names = "--gamma", paramLabel = "G", defaultValue = "0.1", order = 23,
                description = "Factor of each cut (step, plateau). Default: ${DEFAULT-VALUE}.")
        double gamma;

        @Option(names = "--patience", paramLabel = "N", defaultValue = "1", order = 24,
                description = "Epochs without improvement the plateau schedule tolerates. Default: ${DEFAULT-VALUE}.")
        int patience;

        /** Checks the numbers (the hidden width among them, which the run's model takes). */
        public void check(SharedOptions.Hidden hidden) {
            CliCommand.atLeast("--epochs", epochs, 1);
            CliCommand.atLeast("--batch-size", batchSize, 1);
            CliCommand.atLeast("--hidden", hidden.value(), 1);
            CliCommand.atLeast("--step-size", stepSize, 1);
            CliCommand.atLeast("--patience", patience, 0);
        }

        /** The schedule; {@code --gamma} outside [0, 1) is refused. */
        public ScheduleSpec schedule() {
            if (!(gamma >= 0 && gamma < 1)) {
                throw CliCommand.usage("--gamma must be in [0, 1), got " + gamma);
            }
            return new ScheduleSpec(schedule, stepSize, gamma, patience);
        }

        public int epochs() {
            return epochs;
        }

        public int batchSize() {
            return batchSize;
        }
    }

    /**
     * {@code mnist}'s files: {@code --metrics}, {@code --plot} and the checkpoint ({@code --checkpoint DIR},
     * {@code --resume}, {@code --overwrite}), each checked before anything trains and rewritten atomically after every
     * epoch. A directory that holds a checkpoint is never written without {@code --resume} or {@code --overwrite}.
     */
    public static final class Outputs {
        @Option(names = "--metrics", paramLabel = "FILE", order = 31,
                description = "Write one JSON object per epoch (JSON Lines): epoch, train_loss, test_loss, "
                        + "test_accuracy (%%), train_seconds, samples_per_second, learning_rate.")
        Path metrics;

        @Option(names = "--plot", paramLabel = "FILE.png", order = 32,
                description = "Draw loss and accuracy per epoch into a PNG image.")
        Path plot;

        @Option(names = "--checkpoint", paramLabel = "DIR", order = 33,
                description = "Save model, optimizer, schedule and generator state here after every epoch "
                        + "(atomically).")
        Path checkpoint;

        @Option(names = "--resume", order = 34,
                description = "Continue from the checkpoint in --checkpoint DIR, bit-identical to an uninterrupted "
                        + "run.")
        boolean resume;

        @Option(names = "--overwrite", order = 34, description = "Start over in a --checkpoint DIR that holds a "
                + "checkpoint, replacing it after the first epoch (without --resume or --overwrite: refused).")
        boolean overwrite;

        /** Refuses --resume and --overwrite without a directory, and both at once. */
        public void checkFlags() {
            if ((resume || overwrite) && checkpoint == null) {
                throw CliCommand.usage(resume ? "--resume needs --checkpoint DIR (the directory to resume from)"
                        : "--overwrite needs --checkpoint DIR (the directory to start over in)");
            }
            if (overwrite && resume) {
                throw CliCommand.usage("--resume continues the checkpoint and --overwrite starts over: "
                        + "give one of them");
            }
        }

        /** Refuses a checkpoint of a run that steps two optimizers (Muon's): a checkpoint holds one. */
        public void check(OptimizerSpec o) {
            if (o.entry().shapes() == OptimizerRegistry.ParamShapes.MATRICES && checkpoint != null) {
                throw CliCommand.usage("--checkpoint: a " + o.name() + " run steps two optimizers (" + o.name()
                        + " for the hidden matrices, AdamW for the rest) and checkpoints hold one; train " + o.name()
                        + " without --checkpoint");
            }
        }

        /** With --resume: restores {@code trainer} from the checkpoint and says so on {@code out}; returns whether. */
        public boolean resume(Trainer trainer, PrintWriter out) {
            if (resume) {
                trainer.resume(checkpoint);
                EpochMetrics last = trainer.history().get(trainer.epochsDone() - 1);
                out.printf(Locale.ROOT, "Resumed from %s after epoch %d (test accuracy %.2f%%)%n", checkpoint,
                        last.epoch(), last.testAccuracy());
            }
            return resume;
        }

        /** For a divergence's hint: what the checkpoint still holds (empty without one). */
        public String holds(Trainer trainer) {
            if (checkpoint == null) {
                return "";
            }
            return trainer.epochsDone() == 0 ? "; no checkpoint was written"
                    : "; " + checkpoint + " still holds epoch " + trainer.epochsDone();
        }

        /** Refuses files that cannot be written, and a checkpoint to resume that is not a directory. */
        public void checkFiles() {
            if (metrics != null) {
                AtomicFile.checkWritable(metrics);
            }
            if (plot != null) {
                AtomicFile.checkWritable(plot);
            }
            if (resume) {
                Checkpoint.checkResumable(checkpoint); // before taking the lock creates the directory
            }
        }

        /** The checkpoint directory's lock (null without --checkpoint); a new run refuses one with a checkpoint. */
        public CheckpointLock lock() {
            if (checkpoint == null) {
                return null;
            }
            CheckpointLock lock = CheckpointLock.acquire(checkpoint);
            if (!resume && !overwrite) {
                try {
                    Checkpoint.refuseToReplace(checkpoint);
                } catch (RuntimeException e) {
                    lock.close();
                    throw e;
                }
            }
            return lock;
        }

        /** Rewrites the metrics and the plot with every epoch so far. */
        public void write(Trainer trainer) {
            if (metrics != null) {
                MetricsFile.write(metrics, trainer.history());
            }
            if (plot != null) {
                PlotFile.write(plot, trainer.history(), trainer.config().model().id() + ", "
                        + trainer.data().train().count() + " training images");
            }
        }

        /** After a divergence: the metrics with the line that says so. */
        public void writeDiverged(Trainer trainer, TrainingDivergedException e) {
            if (metrics != null) {
                MetricsFile.write(metrics, trainer.history(), e);
            }
        }

        /** After an epoch: the checkpoint, while the lock is still held. */
        public void save(Trainer trainer, CheckpointLock lock) {
            if (checkpoint != null) {
                lock.ensureHeld();
                trainer.saveCheckpoint(checkpoint);
            }
        }

        /** "metrics FILE", "plot FILE", "checkpoint DIR" for the summary line. */
        public List<String> wrote() {
            List<String> out = new ArrayList<>();
            if (metrics != null) {
                out.add("metrics " + metrics);
            }
            if (plot != null) {
                out.add("plot " + plot);
            }
            if (checkpoint != null) {
                out.add("checkpoint " + checkpoint);
            }
            return out;
        }
    }
}
