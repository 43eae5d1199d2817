package dev.jgrad.cli.mnist;

import dev.jgrad.autograd.AnomalyMode;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.cli.CliException;
import dev.jgrad.io.AtomicFile;
import dev.jgrad.kernel.KernelThreads;
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
import dev.jgrad.learn.train.StepWarmUp;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingDivergedException;
import dev.jgrad.optim.OptimizerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jgrad mnist}: trains the MNIST classifier end to end and reports per-epoch loss and test
 * accuracy. Data: the bundled subset by default (full MNIST instead once it is cached),
 * {@code --data DIR} for any four IDX files, {@code --download} for full MNIST.
 */
@Command(name = "mnist", sortOptions = false, usageHelpAutoWidth = true,
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
public final class MnistCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // ---------------------------------------------------------------- data

    @Option(names = "--data", paramLabel = "DIR", order = 1,
            description = "Directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte "
                    + "and t10k-labels-idx1-ubyte (each optionally .gz); 28x28 images, labels 0-9.")
    Path data;

    @Option(names = "--download", order = 2,
            description = "Use full MNIST, downloading it into the cache directory first if it is not there "
                    + "(about 11 MB; SHA-256 verified; later runs need no network).")
    boolean download;

    @Option(names = "--bundled", order = 3,
            description = "Use the bundled subset even if full MNIST is cached.")
    boolean bundled;

    @Option(names = "--cache-dir", paramLabel = "DIR", order = 4,
            description = "Where full MNIST is cached (default: $XDG_CACHE_HOME/jgrad/mnist or ~/.cache/jgrad/mnist).")
    Path cacheDir;

    @Option(names = "--mirror", paramLabel = "URL", order = 5,
            description = "A mirror to download from, tried in the order given (repeatable; default: "
                    + "the Google CVDF mirror, then the ossci S3 mirror).")
    List<String> mirrors = new ArrayList<>();

    // ---------------------------------------------------------------- model and training

    @Option(names = "--model", paramLabel = "mlp|linear", defaultValue = "mlp", order = 10,
            description = "mlp: 784-H-10 with ReLU; linear: 784-10 (softmax regression). Default: ${DEFAULT-VALUE}.")
    ModelSpec.Kind model;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "500", order = 11,
            description = "Hidden units of the MLP. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--layers", paramLabel = "784,H,...,10", split = ",", order = 11,
            description = "An MLP of any depth: layer widths from 784 pixels to 10 classes (replaces --model/--hidden).")
    int[] layers;

    @Option(names = "--activation", paramLabel = "relu|tanh|gelu|sigmoid|leaky_relu", defaultValue = "relu", order = 11,
            description = "Hidden-layer nonlinearity (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--init", paramLabel = "default|xavier|kaiming|normal:STD|zeros", defaultValue = "default", order = 11,
            description = "Initialization of the Linear weights (default: PyTorch's; the others zero the biases).")
    String init;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0", order = 11,
            description = "Dropout probability after each hidden activation, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--batch-norm", order = 11, description = "BatchNorm1d before each hidden activation.")
    boolean batchNorm;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adamw", order = 12,
            description = "Any optimizer of the registry, PyTorch's class name in any case: adamw, adam, sgd, "
                    + "rmsprop, ... (an unknown name lists the known ones). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--option", paramLabel = "KEY=VALUE", order = 18,
            description = "Any other keyword argument of the optimizer, by PyTorch's name, e.g. --option amsgrad=true, "
                    + "--option momentum_decay=0.004, --option betas=0.9,0.99 (repeatable).")
    List<String> extraOptions = new ArrayList<>();

    @Option(names = "--lr", paramLabel = "RATE", order = 13,
            description = "Learning rate. Default: 0.001 (adamw, adam), 0.01 (sgd).")
    Double lr;

    @Option(names = "--weight-decay", paramLabel = "L", order = 14,
            description = "Weight decay: decoupled for adamw, L2 in the gradient for adam and sgd. "
                    + "Default: 0.01 (adamw), 0 (adam, sgd).")
    Double weightDecay;

    @Option(names = "--betas", paramLabel = "B1,B2", split = ",", hideParamSyntax = true, order = 15,
            description = "Adam's moment decay rates (adamw, adam). Default: 0.9,0.999.")
    double[] betas;

    @Option(names = "--eps", paramLabel = "EPS", order = 16,
            description = "Adam's denominator epsilon (adamw, adam). Default: 1e-8.")
    Double eps;

    @Option(names = "--momentum", paramLabel = "M", order = 17,
            description = "Momentum (sgd). Default: 0.")
    Double momentum;

    @Option(names = "--nesterov", order = 18, description = "Nesterov momentum (sgd; needs --momentum > 0).")
    boolean nesterov;

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

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", order = 25,
            description = "Seeds initialisation and shuffling; same seed, same weights. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", order = 26,
            description = "Threads for the compute kernels (sets the jgrad.threads system property). "
                    + "Default: the kernels' choice.")
    Integer threads;

    // ---------------------------------------------------------------- output and checkpoints

    @Option(names = "--no-progress", order = 30,
            description = "No progress within epochs (by default: a bar on a terminal, else a line every 10 s).")
    boolean noProgress;

    @Option(names = "--metrics", paramLabel = "FILE", order = 31,
            description = "Write one JSON object per epoch (JSON Lines): epoch, train_loss, test_loss, "
                    + "test_accuracy (%%), train_seconds, samples_per_second, learning_rate.")
    Path metrics;

    @Option(names = "--plot", paramLabel = "FILE.png", order = 32,
            description = "Draw loss and accuracy per epoch into a PNG image.")
    Path plot;

    @Option(names = "--checkpoint", paramLabel = "DIR", order = 33,
            description = "Save model, optimizer, schedule and generator state here after every epoch (atomically).")
    Path checkpoint;

    @Option(names = "--resume", order = 34,
            description = "Continue from the checkpoint in --checkpoint DIR, bit-identical to an uninterrupted run.")
    boolean resume;

    @Option(names = "--overwrite", order = 34, description = "Start over in a --checkpoint DIR that holds a "
            + "checkpoint, replacing it after the first epoch (without --resume or --overwrite: refused).")
    boolean overwrite;

    @Option(names = "--detect-anomaly", order = 35,
            description = "Check every gradient for NaN/Inf; the first one stops training (exit 4) naming the op, the "
                    + "line that created it and the shapes. Slow: for debugging.")
    boolean detectAnomaly;

    @Mixin
    HealthOptions health = new HealthOptions();

    @Override
    @SuppressWarnings("try") // the lock is held for its close()
    public Integer call() {
        TrainConfig config = validatedConfig();
        // Everything that can fail without training fails before the first step.
        RunLimits.check(config, StepWarmUp.batch(config), widthOption());
        if (metrics != null) {
            AtomicFile.checkWritable(metrics);
        }
        if (plot != null) {
            AtomicFile.checkWritable(plot);
        }
        health.check();
        if (resume) {
            Checkpoint.checkResumable(checkpoint); // before taking the lock creates the directory
        }
        try (CheckpointLock lock = checkpoint == null ? null : CheckpointLock.acquire(checkpoint)) {
            if (lock != null && !resume && !overwrite) {
                Checkpoint.refuseToReplace(checkpoint);
            }
            return train(config, lock);
        }
    }

    @SuppressWarnings("try") // the anomaly scope is opened for its effect, not read
    private int train(TrainConfig config, CheckpointLock lock) {
        if (threads != null) {
            // Before anything computes: the kernels read it when they first run.
            System.setProperty("jgrad.threads", Integer.toString(threads));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MnistData loaded;
        try (StepWarmUp warm = StepWarmUp.start(config)) { // compiles the training step while the data loads
            loaded = loadData(out, err);
        }
        RunLimits.check(config, Math.min(config.batchSize(), loaded.train().count()), widthOption());
        Trainer trainer;
        try {
            trainer = new Trainer(loaded, config);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        if (resume) {
            trainer.resume(checkpoint);
            EpochMetrics last = trainer.history().get(trainer.epochsDone() - 1);
            out.printf(Locale.ROOT, "Resumed from %s after epoch %d (test accuracy %.2f%%)%n", checkpoint,
                    last.epoch(), last.testAccuracy());
        }
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
                    m = trainer.trainEpoch(health.around(trainer, resume, progress));
                } catch (TrainingDivergedException e) {
                    progress.close();
                    if (metrics != null) {
                        MetricsFile.write(metrics, trainer.history(), e);
                    }
                    health.write(trainer);
                    throw e.withHint(divergenceHint(trainer));
                }
                trainSeconds += m.trainSeconds();
                trainedEpochs++;
                out.printf(Locale.ROOT, "Epoch %d, Loss: %.4f, Test Accuracy: %.2f%% (%.1f s, %.0f samples/s)%n",
                        m.epoch(), m.trainLoss(), m.testAccuracy(), m.trainSeconds(), m.samplesPerSecond());
                out.flush();
                if (checkpoint != null) {
                    lock.ensureHeld();
                    trainer.saveCheckpoint(checkpoint);
                }
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
        if (checkpoint != null) {
            hint.append(trainer.epochsDone() == 0 ? "; no checkpoint was written"
                    : "; " + checkpoint + " still holds epoch " + trainer.epochsDone());
        }
        return hint.toString();
    }

    /** The option that set the layer widths, for a hint. */
    private String widthOption() {
        return layers != null ? "--layers" : "--hidden";
    }

    private void writeOutputs(Trainer trainer) {
        if (metrics != null) {
            MetricsFile.write(metrics, trainer.history());
        }
        if (plot != null) {
            PlotFile.write(plot, trainer.history(), trainer.config().model().id() + ", " + trainer.data().train().count()
                    + " training images");
        }
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
        List<String> wrote = new ArrayList<>();
        if (metrics != null) {
            wrote.add("metrics " + metrics);
        }
        if (plot != null) {
            wrote.add("plot " + plot);
        }
        if (checkpoint != null) {
            wrote.add("checkpoint " + checkpoint);
        }
        wrote.addAll(health.wrote());
        if (!wrote.isEmpty()) {
            out.println("Wrote " + String.join(", ", wrote));
        }
        out.flush();
    }

    // ---------------------------------------------------------------- options

    private TrainConfig validatedConfig() {
        int sources = (data != null ? 1 : 0) + (download ? 1 : 0) + (bundled ? 1 : 0);
        if (sources > 1) {
            throw usage("--data, --download and --bundled choose the data: give at most one");
        }
        atLeast("--epochs", epochs, 1);
        atLeast("--batch-size", batchSize, 1);
        atLeast("--hidden", hidden, 1);
        atLeast("--step-size", stepSize, 1);
        atLeast("--patience", patience, 0);
        if (threads != null) {
            atLeast("--threads", threads, 1);
            atMost("--threads", threads, KernelThreads.MAX_THREADS);
        }
        if (!(gamma >= 0 && gamma < 1)) {
            throw usage("--gamma must be in [0, 1), got " + gamma);
        }
        if ((resume || overwrite) && checkpoint == null) {
            throw usage(resume ? "--resume needs --checkpoint DIR (the directory to resume from)"
                    : "--overwrite needs --checkpoint DIR (the directory to start over in)");
        }
        if (overwrite && resume) {
            throw usage("--resume continues the checkpoint and --overwrite starts over: give one of them");
        }
        OptimizerSpec o = optimizerSpec();
        if (OptimizerRegistry.get(o.name()).shapes() == OptimizerRegistry.ParamShapes.MATRICES && checkpoint != null) {
            throw usage("--checkpoint: a " + o.name() + " run steps two optimizers (" + o.name() + " for the hidden "
                    + "matrices, AdamW for the rest) and checkpoints hold one; train " + o.name() + " without --checkpoint");
        }
        ModelFactory m = modelFactory();
        ScheduleSpec s = new ScheduleSpec(schedule, stepSize, gamma, patience);
        return new TrainConfig(m, o, s, epochs, batchSize, seed);
    }

    /** {@link ModelSpec} for the default flags (the seeds' MLP, unchanged); {@link MlpSpec} once a new flag is given. */
    private ModelFactory modelFactory() {
        Activation act = parseActivation(activation);
        InitScheme scheme;
        try {
            scheme = InitScheme.parse(init);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw usage("--dropout must be in [0, 1), got " + dropout);
        }
        boolean custom = layers != null || act != Activation.RELU || scheme.kind() != InitScheme.Kind.DEFAULT
                || dropout > 0 || batchNorm;
        if (!custom) {
            return model == ModelSpec.Kind.MLP ? ModelSpec.mlp(hidden) : ModelSpec.linear();
        }
        if (model == ModelSpec.Kind.LINEAR) {
            throw usage("--layers, --activation, --init, --dropout and --batch-norm build an MLP; drop --model linear");
        }
        if (layers != null && spec.commandLine().getParseResult().hasMatchedOption("--hidden")) {
            throw usage("--layers gives every width, so --hidden " + hidden + " would be ignored; drop it "
                    + "or put it into --layers (e.g. 784," + hidden + ",10)");
        }
        int[] sizes = layers != null ? layers : new int[] {784, hidden, 10};
        if (sizes.length < 2 || sizes[0] != 784 || sizes[sizes.length - 1] != 10
                || java.util.Arrays.stream(sizes).anyMatch(s -> s < 1)) {
            throw usage("--layers must start at 784, end at 10 and have widths >= 1 (e.g. 784,256,256,10), got "
                    + MlpSpec.text(sizes));
        }
        return new MlpSpec(sizes, act, scheme, dropout, batchNorm ? MlpSpec.Norm.BATCH : MlpSpec.Norm.NONE);
    }

    private Activation parseActivation(String text) {
        for (Activation a : Activation.values()) {
            if (a.toString().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw usage("--activation must be one of relu, tanh, gelu, sigmoid, leaky_relu; got '" + text + "'");
    }

    /** The optimizer's keyword arguments from the named flags and --option, each checked by the optimizer itself. */
    private OptimizerSpec optimizerSpec() {
        if (!OptimizerRegistry.has(optimizer)) {
            throw usage("--optimizer: unknown optimizer '" + optimizer + "' (known: "
                    + String.join(", ", OptimizerRegistry.names()) + ")");
        }
        OptimizerRegistry.Entry<?> entry = OptimizerRegistry.get(optimizer);
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwarg(entry, kwargs, "--lr", "lr", lr);
        kwarg(entry, kwargs, "--weight-decay", "weight_decay", weightDecay);
        int arity = entry.betas();
        if (betas != null && arity > 0 && betas.length != arity) {   // as many as the optimizer's own tuple
            List<String> names = List.of("B1", "B2", "B3", "B4").subList(0, Math.min(arity, 4));
            String example = ((List<?>) entry.kwargs(cast(entry.defaults())).get("betas")).stream()
                    .map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
            throw usage("--betas takes " + (arity == 2 ? "two" : arity == 3 ? "three" : Integer.toString(arity))
                    + " values, " + String.join(",", names) + " (e.g. " + example + "), got " + betas.length);
        }
        kwarg(entry, kwargs, "--betas", "betas",
                betas == null ? null : java.util.Arrays.stream(betas).boxed().toList());
        kwarg(entry, kwargs, "--eps", "eps", eps);
        kwarg(entry, kwargs, "--momentum", "momentum", momentum);
        kwarg(entry, kwargs, "--nesterov", "nesterov", nesterov ? Boolean.TRUE : null);
        for (String kv : extraOptions) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw usage("--option takes KEY=VALUE (e.g. --option amsgrad=true), got '" + kv + "'");
            }
            String key = kv.substring(0, eq);
            if (kwargs.containsKey(key)) {
                throw usage("--option " + kv + " sets " + key + " a second time (also given as "
                        + FLAGS.getOrDefault(key, "--option " + key) + "); give it once");
            }
            kwarg(entry, kwargs, "--option " + key, key, "");
            Object value = OptimizerSpec.parseValue(kv.substring(eq + 1));
            if (!OptimizerSpec.finite(value)) {
                throw usage("--option " + key + " must be a finite number, got " + kv.substring(eq + 1));
            }
            kwargs.put(key, value); // may be null: Python's None
        }
        OptimizerSpec spec;
        try {
            spec = new OptimizerSpec(entry.name(), kwargs, null);
        } catch (IllegalArgumentException e) {
            throw usage(flagOf(entry.name(), kwargs) + e.getMessage());
        }
        if (spec.requiresClosure()) {
            throw usage("--optimizer: " + spec.closureRefusal("mini-batch training (one gradient per batch)"));
        }
        return spec;
    }

    /** "--lr: " for the first flag whose value the optimizer refuses (adding the flags one at a time). */
    private String flagOf(String name, Map<String, Object> kwargs) {
        Map<String, Object> some = new LinkedHashMap<>();
        for (var e : kwargs.entrySet()) {
            some.put(e.getKey(), e.getValue());
            try {
                new OptimizerSpec(name, some, null);
            } catch (IllegalArgumentException refused) {
                return FLAGS.getOrDefault(e.getKey(), "--option " + e.getKey()) + ": ";
            }
        }
        return "";
    }

    private static final Map<String, String> FLAGS = Map.of("lr", "--lr", "weight_decay", "--weight-decay",
            "betas", "--betas", "eps", "--eps", "momentum", "--momentum", "nesterov", "--nesterov");

    private void kwarg(OptimizerRegistry.Entry<?> entry, Map<String, Object> kwargs, String flag, String key, Object v) {
        if (v == null) {
            return;
        }
        if (!entry.optionNames().contains(key)) {
            throw usage(flag + " does not apply to " + entry.name() + " (its options: "
                    + String.join(", ", entry.optionNames()) + ")");
        }
        // PyTorch takes lr=inf and diverges at once; a non-finite option is a typo, refused before training.
        if (!OptimizerSpec.finite(v)) {
            throw usage(flag + " must be a finite number, got " + v);
        }
        kwargs.put(key, v);
    }

    private void atMost(String option, int value, int max) {
        if (value > max) {
            throw usage(option + " must be at most " + max + ", got " + value);
        }
    }

    private void atLeast(String option, int value, int min) {
        if (value < min) {
            throw usage(option + " must be at least " + min + ", got " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    // ---------------------------------------------------------------- data

    private MnistData loadData(PrintWriter out, PrintWriter err) {
        if (data != null) {
            MnistData d = MnistSource.fromDirectory(data);
            out.printf(Locale.ROOT, "Data: %d train / %d test images from %s%n", d.train().count(), d.test().count(), data);
            return d;
        }
        MnistDownloader downloader = downloader();
        Path cache = cacheDir != null ? cacheDir : MnistDownloader.defaultCacheDir();
        if (download) {
            downloader.download(cache, new DownloadLog(err));
            MnistData d = MnistSource.fromDirectory(cache);
            out.printf(Locale.ROOT, "Data: full MNIST, %d train / %d test digits, from the cache %s%n",
                    d.train().count(), d.test().count(), cache);
            return d;
        }
        if (!bundled && downloader.isCached(cache)) {
            MnistData d = MnistSource.fromDirectory(cache);
            out.printf(Locale.ROOT, "Data: full MNIST, %d train / %d test digits, from the cache %s "
                    + "(--bundled for the small subset in the jar)%n", d.train().count(), d.test().count(), cache);
            return d;
        }
        MnistData d = MnistSource.bundled();
        out.printf(Locale.ROOT, "Data: bundled MNIST subset, %d train / %d test digits (for full MNIST, 60000 / "
                + "10000, add --download once: about 11 MB, cached in %s)%n", d.train().count(), d.test().count(), cache);
        return d;
    }

    private MnistDownloader downloader() {
        try {
            return mirrors.isEmpty() ? new MnistDownloader() : MnistDownloader.of(mirrors);
        } catch (IllegalArgumentException e) {
            throw usage("--mirror: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked") // an entry's defaults are its own options record
    private static <O extends dev.jgrad.optim.OptimizerOptions<O>> O cast(Object o) {
        return (O) o;
    }
}
