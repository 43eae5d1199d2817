package dev.jgrad.learn.train;

import dev.jgrad.autograd.AnomalyException;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradMode;
import dev.jgrad.learn.data.Batches;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.loss.CrossEntropyLoss;
import dev.jgrad.nn.loss.Reduction;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.ScheduleFree;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training loop of the MNIST example, as a reusable API: give it data and a {@link TrainConfig},
 * call {@link #trainEpoch} (or {@link #train}) and get one {@link EpochMetrics} per epoch.
 *
 * <pre>{@code
 * Trainer trainer = new Trainer(MnistSource.bundled(), TrainConfig.defaults().withEpochs(3));
 * for (EpochMetrics m : trainer.train(TrainingListener.NONE)) {
 *     System.out.printf("epoch %d: %.2f%%%n", m.epoch(), m.testAccuracy());
 * }
 * }</pre>
 *
 * <p>Each step is: zero the gradients, forward, cross-entropy loss, backward, optimizer step (no
 * clipping). The forward is {@code model.call(x)}, so hooks registered on the model itself fire in
 * training as in evaluation. Images stay bytes; each batch is normalised into a buffer and copied
 * into one float32 input tensor ({@link Tensor#copyFrom(float[], int, int)}, which bumps its
 * version), both allocated once and reused every step. Every epoch visits the training images in a fresh
 * permutation drawn from the run's single {@link Generator}, which also initialised the model, so
 * a seed fixes the whole run: same seed, same data, same config, bit-identical weights. After the
 * epoch the model is evaluated on the test split in batches of {@link #EVAL_BATCH} without
 * recording gradients, and the schedule steps.
 *
 * <p>{@link #saveCheckpoint} and {@link #resume} save and restore everything that decides the rest
 * of the run (weights, optimizer and schedule state, the generator's and dropout's states, epoch, history), so training
 * N epochs, saving and resuming for M more gives the weights of N + M epochs straight.
 *
 * <p>A non-finite step loss, or non-finite weights after an epoch, stop training with a
 * {@link TrainingDivergedException} naming the epoch and step; {@link #saveCheckpoint} refuses
 * non-finite weights, so a checkpoint always holds a run that can continue.
 *
 * <p>Not thread-safe: one trainer, one thread.
 */
public final class Trainer {
    /** Images per batch when evaluating. */
    public static final int EVAL_BATCH = 1000;

    private final MnistData data;
    private final TrainConfig config;
    private final Module model;
    private final Optimizer<?> optimizer;
    private final Schedule schedule;
    private final List<Optimizer<?>> optimizers;   // the optimizer first, then any that train the rest (Muon's AdamW)
    private final List<Schedule> schedules;
    private final CrossEntropyLoss meanLoss = new CrossEntropyLoss();
    private final CrossEntropyLoss sumLoss = meanLoss.withReduction(Reduction.SUM);
    private final List<EpochMetrics> history = new ArrayList<>();
    private Generator gen;
    private String trainSha256;
    private String testSha256;

    // Reused every step: the input tensors, the buffer a batch is normalised into (one training batch; shared by
    // training and evaluation, which never overlap) and the label arrays.
    private final Tensor input;
    private final int[] labels;
    private final Tensor evalInput;
    private final int[] evalLabels;
    private final float[] pixelBuffer;

    /**
     * Builds the model (initialised from {@code config.seed()}), the optimizer and the schedule.
     *
     * @throws IllegalArgumentException if the images do not have the number of pixels the model takes
     */
    public Trainer(MnistData data, TrainConfig config) {
        this.data = Objects.requireNonNull(data, "data");
        this.config = Objects.requireNonNull(config, "config");
        int pixels = data.train().pixels();
        if (pixels != config.model().inputs()) {
            throw new IllegalArgumentException("the images are " + data.train().rows() + "x" + data.train().cols()
                    + " = " + pixels + " pixels but model " + config.model().id() + " takes "
                    + config.model().inputs() + " inputs");
        }
        checkBatches(data.train().count(), config);
        this.gen = new Generator(config.seed());
        this.model = config.model().build(gen);
        this.optimizers = config.optimizer().forBatch(Math.min(config.batchSize(), data.train().count()))
                .buildAll(model.parameters());
        this.optimizer = optimizers.get(0);
        List<Schedule> all = new ArrayList<>();
        for (Optimizer<?> o : optimizers) {
            all.add(Schedule.attach(config.schedule(), o, config.epochs()));
        }
        this.schedules = List.copyOf(all);
        this.schedule = schedules.get(0);
        int batch = Math.min(config.batchSize(), data.train().count());
        this.input = Tensor.zeros(DType.FLOAT32, batch, pixels);
        this.labels = new int[batch];
        int evalBatch = Math.min(EVAL_BATCH, data.test().count());
        this.evalInput = Tensor.zeros(DType.FLOAT32, evalBatch, pixels);
        this.evalLabels = new int[evalBatch];
        this.pixelBuffer = new float[batch * pixels];
    }

    /**
     * Refuses, before anything trains, a batch size that leaves a training batch smaller than the model needs
     * (batch norm's two images): the full batches or the last, partial one of every epoch. Not dropping the
     * partial batch keeps every image in every epoch and the runs without batch norm as they were.
     */
    private static void checkBatches(int images, TrainConfig config) {
        ModelFactory.BatchNeed need = config.model().batchNeed();
        if (need == null || images == 0) {
            return;
        }
        int batch = Math.min(config.batchSize(), images);
        int last = images % batch == 0 ? batch : images % batch;
        int smallest = Math.min(batch, last);
        if (smallest < need.minimum()) {
            throw new IllegalArgumentException(need.option() + " needs at least " + need.minimum() + " images in "
                    + "every training batch, but " + images + " images in batches of " + config.batchSize()
                    + (smallest == batch ? "" : " leave a last batch of " + smallest) + " (" + need.reason()
                    + "); choose another --batch-size");
        }
    }

    /** The model being trained. */
    public Module model() {
        return model;
    }

    /** The optimizer over {@link #model()}'s parameters (for Muon: over the hidden matrices; see {@link #optimizers()}). */
    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /** Every optimizer this run steps: {@link #optimizer()}, then Muon's AdamW for the other parameters if any. */
    public List<Optimizer<?>> optimizers() {
        return optimizers;
    }

    /** The configuration this trainer was built with. */
    public TrainConfig config() {
        return config;
    }

    /** The data it trains and evaluates on. */
    public MnistData data() {
        return data;
    }

    /** Epochs completed so far (including those restored by {@link #resume}). */
    public int epochsDone() {
        return history.size();
    }

    /** The metrics of every completed epoch, oldest first (read-only). */
    public List<EpochMetrics> history() {
        return Collections.unmodifiableList(history);
    }

    /** The learning rate the next step will use (of the first parameter group). */
    public double learningRate() {
        return optimizer.paramGroups().get(0).lr();
    }

    /** Optimizer steps in one epoch. */
    public int stepsPerEpoch() {
        int n = data.train().count();
        int batch = labels.length; // min(batch size, n): n + batch size - 1 overflowed for --batch-size 2147483647
        return (n + batch - 1) / batch;
    }

    /**
     * Trains the remaining epochs up to {@code config.epochs()}.
     *
     * @return the metrics of the epochs trained by this call
     */
    public List<EpochMetrics> train(TrainingListener listener) {
        List<EpochMetrics> out = new ArrayList<>();
        while (epochsDone() < config.epochs()) {
            out.add(trainEpoch(listener));
        }
        return out;
    }

    /** Trains one more epoch, evaluates on the test split, steps the schedule. */
    public EpochMetrics trainEpoch(TrainingListener listener) {
        Objects.requireNonNull(listener, "listener");
        Dataset train = data.train();
        int n = train.count();
        int batch = labels.length;
        int steps = (n + batch - 1) / batch;
        int epoch = epochsDone() + 1;
        double lr = learningRate();
        int[] order = gen.permutation(n);
        model.train();
        switchParameters(ScheduleFree.Mode.TRAIN);   // a resumed Schedule-Free run was saved holding x
        listener.epochStarted(epoch, steps, n);
        double lossSum = 0;
        long start = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            int from = step * batch;
            int to = Math.min(n, from + batch);
            double loss;
            try {
                loss = trainStep(train, order, from, to, (long) (epoch - 1) * steps + step);
            } catch (AnomalyException e) {
                throw anomaly(e, epoch, step + 1, steps, (System.nanoTime() - start) / 1e9, lr);
            }
            listener.stepLoss(epoch, step + 1, loss);
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException(epoch, step + 1, steps, "the loss is " + loss,
                        (System.nanoTime() - start) / 1e9, lr);
            }
            lossSum += loss;
            listener.stepFinished(epoch, step + 1, steps, to, lossSum / (step + 1), System.nanoTime() - start);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String bad = nonFiniteParameter();
        if (bad != null) {
            throw new TrainingDivergedException(epoch, steps, steps, "parameter " + bad + " is not finite after the "
                    + "last step", seconds, lr);
        }
        Evaluation test = evaluate(data.test());
        for (Schedule sc : schedules) {
            sc.afterEpoch(test.loss());
        }
        EpochMetrics metrics = new EpochMetrics(epoch, lossSum / steps, test.loss(), test.accuracy(), seconds,
                n / seconds, lr);
        history.add(metrics);
        listener.epochFinished(metrics);
        return metrics;
    }

    /**
     * The divergence that anomaly mode ({@code --detect-anomaly}) found in step {@code step}'s backward.
     * Anomaly mode saw every earlier gradient finite, so weights that are already non-finite were made
     * so by the previous optimizer step, not by the op whose gradient went bad: that step is named.
     */
    private TrainingDivergedException anomaly(AnomalyException e, int epoch, int step, int steps, double seconds,
                                              double lr) {
        String bad = nonFiniteParameter();
        if (bad == null || step == 1) {
            return new TrainingDivergedException(epoch, step, steps, e.getMessage() + " (found by --detect-anomaly)",
                    seconds, lr);
        }
        String what = "the " + config.optimizer().name() + " step made parameter " + bad + " non-finite from finite "
                + "weights and gradients (found by --detect-anomaly)";
        if (config.optimizer().get("eps") instanceof Number eps && eps.doubleValue() == 0) {
            what += "; with eps 0 its update is 0/0 for a weight whose gradients have all been 0";
        }
        return new TrainingDivergedException(epoch, step - 1, steps, what, seconds, lr);
    }

    /**
     * One optimizer step on images {@code order[from..to)}, step {@code runStep} of the run (0-based); returns the
     * batch's mean loss. SophiaG's Hessian estimate follows every k-th step ({@link GaussNewtonBartlett}).
     */
    private double trainStep(Dataset train, int[] order, int from, int to, long runStep) {
        int b = to - from;
        Tensor x = fill(b == labels.length ? input : input.rows(0, b), train, order, from, to);
        Batches.labelBatch(train, order, from, to, labels);
        for (Optimizer<?> o : optimizers) {
            o.zeroGrad();
        }
        Tensor loss = meanLoss.apply(model.call(x), b == labels.length ? labels : Arrays.copyOf(labels, b));
        loss.backward();
        for (Optimizer<?> o : optimizers) {
            o.step();
        }
        double value = loss.item();
        GaussNewtonBartlett.afterStep(runStep, optimizers, model, x, gen);
        return value;
    }

    /**
     * Mean cross-entropy and accuracy of the model on {@code d}, in batches of {@link #EVAL_BATCH},
     * with gradient recording off, at Schedule-Free's x. Leaves the model (and the optimizer) in training mode.
     */
    @SuppressWarnings("try") // the no-grad scope is used only for its close()
    public Evaluation evaluate(Dataset d) {
        Objects.requireNonNull(d, "dataset");
        if (d.pixels() != config.model().inputs()) {
            throw new IllegalArgumentException("the images have " + d.pixels() + " pixels but model "
                    + config.model().id() + " takes " + config.model().inputs() + " inputs");
        }
        int batch = evalLabels.length;
        double lossSum = 0;
        int correct = 0;
        model.eval();
        switchParameters(ScheduleFree.Mode.EVAL);   // Schedule-Free is evaluated at x, the average
        try (GradMode ignored = Autograd.noGrad()) {
            for (int from = 0; from < d.count(); from += batch) {
                int to = Math.min(d.count(), from + batch);
                int b = to - from;
                Tensor x = fill(b == batch ? evalInput : evalInput.rows(0, b), d, null, from, to);
                Batches.labelBatch(d, null, from, to, evalLabels);
                int[] y = b == batch ? evalLabels : Arrays.copyOf(evalLabels, b);
                Tensor logits = model.call(x);
                lossSum += sumLoss.apply(logits, y).item();
                correct += countCorrect(logits.toFloatArray(), logits.size(1), y);
            }
        } finally {
            model.train();
            switchParameters(ScheduleFree.Mode.TRAIN);
        }
        return new Evaluation(lossSum / d.count(), 100.0 * correct / d.count(), correct, d.count());
    }

    /**
     * Puts x (EVAL: the weights to evaluate and to ship) or y (TRAIN: where gradients are taken) into the parameters
     * of every Schedule-Free optimizer of this run; other optimizers keep one set of weights and are left alone.
     */
    void switchParameters(ScheduleFree.Mode mode) {
        for (Optimizer<?> o : optimizers) {
            if (o instanceof ScheduleFree sf) {
                if (mode == ScheduleFree.Mode.EVAL) {
                    sf.eval();
                } else {
                    sf.train();
                }
            }
        }
    }

    /**
     * Normalises images {@code from..to} (of {@code order}, or in order if null) into {@code x}, whose rows they are,
     * a training batch's worth at a time. An evaluation batch is filled in pieces: a buffer of its size (3 MB for
     * 1000 images) would stay in the old generation for the whole run and add to the peak resident size.
     */
    private Tensor fill(Tensor x, Dataset d, int[] order, int from, int to) {
        int rows = pixelBuffer.length / d.pixels();
        for (int r = from; r < to; r += rows) {
            int end = Math.min(to, r + rows);
            Batches.normalizeBatch(d, order, r, end, pixelBuffer);
            Tensor part = r == from && end == to ? x : x.rows(r - from, end - from);
            part.copyFrom(pixelBuffer, 0, (end - r) * d.pixels());
        }
        return x;
    }

    /** Rows whose largest logit (the first, on ties, as argmax does) is at the label. */
    private static int countCorrect(float[] logits, int classes, int[] y) {
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            int o = i * classes;
            for (int k = 1; k < classes; k++) {
                if (logits[o + k] > logits[o + best]) {
                    best = k;
                }
            }
            if (best == y[i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * Saves the run's state into {@code dir} (created if needed), replacing the checkpoint there
     * atomically: see {@link Checkpoint}.
     *
     * @throws java.io.UncheckedIOException if the files cannot be written
     */
    public void saveCheckpoint(Path dir) {
        Checkpoint.save(dir, this);
    }

    /**
     * Restores a checkpoint saved by {@link #saveCheckpoint} from a run with the same model,
     * optimizer, schedule, batch size, seed and data sizes (the planned epochs may differ, except
     * with the cosine schedule). Every file is read and the setup compared before anything is
     * restored; a trainer whose resume failed should be discarded.
     *
     * @throws CheckpointException if it is missing, unreadable or from a different setup
     */
    public void resume(Path dir) {
        Checkpoint.restore(dir, this);
    }

    // ---------------------------------------------------------------- for Checkpoint

    /** The name of the first parameter holding a NaN or infinity, or null if all are finite. */
    String nonFiniteParameter() {
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            for (double v : e.getValue().toDoubleArray()) {
                if (!Double.isFinite(v)) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    String trainFingerprint() {
        if (trainSha256 == null) {
            trainSha256 = Checkpoint.fingerprint(data.train());
        }
        return trainSha256;
    }

    String testFingerprint() {
        if (testSha256 == null) {
            testSha256 = Checkpoint.fingerprint(data.test());
        }
        return testSha256;
    }

    Schedule schedule() {
        return schedule;
    }

    Generator generator() {
        return gen;
    }

    /** The generators dropout draws its masks from, each once, in module order (none without dropout). */
    List<Generator> dropoutGenerators() {
        List<Generator> out = new ArrayList<>();
        for (Module m : model.namedModules().values()) {
            if (m instanceof Dropout d && out.stream().noneMatch(g -> g == d.generator())) {
                out.add(d.generator());
            }
        }
        return out;
    }

    void restoreProgress(Generator generator, List<EpochMetrics> epochs) {
        this.gen = generator;
        history.clear();
        history.addAll(epochs);
    }
}
