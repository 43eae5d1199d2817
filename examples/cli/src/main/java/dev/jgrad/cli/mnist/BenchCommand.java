package dev.jgrad.cli.mnist;

import dev.jgrad.cli.CliException;
import dev.jgrad.cli.options.CliCommand;
import dev.jgrad.cli.options.OptimizerFlags;
import dev.jgrad.cli.options.SharedOptions.Data;
import dev.jgrad.cli.options.SharedOptions.Hidden;
import dev.jgrad.cli.options.SharedOptions.Seed;
import dev.jgrad.cli.options.SharedOptions.Threads;
import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.kernel.Kernels;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.learn.train.EpochMetrics;
import dev.jgrad.learn.train.ModelSpec;
import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.learn.train.TrainConfig;
import dev.jgrad.learn.train.Trainer;
import dev.jgrad.learn.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code jgrad bench}: end-to-end training throughput of the MNIST MLP (784-H-10, AdamW, batch B) with
 * the {@link Trainer} the {@code mnist} command uses. After warm-up epochs (for the JIT), it times
 * the training steps of each further epoch (or windows of {@code --steps} steps) and prints the
 * median samples per second, the GFLOP/s that corresponds to, the peak heap and the GC activity.
 */
@Command(name = "bench", usageHelpAutoWidth = true,
        description = {
            "Measure end-to-end training throughput: the mnist command's MLP and Trainer, timed per epoch "
                + "(or per window of --steps steps) after warm-up, reported as the median.",
            "",
            "GFLOP/s counts 6 flops per weight per sample, 6·(784·H + H·10): 2 for the forward "
                + "multiply-add and 4 for the two backward products. jgrad skips the gradient of the input "
                + "images, so it does 4·784·H + 6·H·10 of them; the usual convention is kept so numbers "
                + "compare with other frameworks'.",
            ""},
        footerHeading = "%nExamples:%n",
        footer = {
            "  # bundled subset, batch 64, 3 timed epochs:",
            "  java -jar examples/target/jgrad.jar bench",
            "  java -jar examples/target/jgrad.jar bench \\",
            "      --data /usr/share/datasets/fashion-mnist --batch-size 256 --threads 2",
            "  # median over windows of 100 steps:",
            "  java -jar examples/target/jgrad.jar bench --steps 100 --epochs 2"})
public final class BenchCommand extends CliCommand {
    @Mixin Data data = new Data();

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", order = 2,
            description = "Timed epochs after the warm-up. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--steps", paramLabel = "N", order = 3,
            description = "Report the median over windows of N consecutive steps (within an epoch) instead of over epochs.")
    Integer steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1", order = 4,
            description = "Untimed epochs first, so the JIT has compiled the hot loops. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "64", order = 5,
            description = "Training images per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Mixin Hidden hidden = new Hidden();
    @Mixin Threads threads = new Threads();
    @Mixin Seed seed = new Seed();
    @Mixin OptimizerFlags optimizer = new OptimizerFlags();

    @Override
    public Integer call() {
        atLeast("--epochs", epochs, 1);
        atLeast("--warmup", warmup, 0);
        atLeast("--batch-size", batchSize, 1);
        atLeast("--hidden", hidden.value(), 1);
        if (steps != null) {
            atLeast("--steps", steps, 1);
        }
        threads.apply();
        PrintWriter out = out();
        Kernels.warmUpInBackground(); // compiles the matrix kernels while the data loads
        MnistData d = data.load();
        OptimizerSpec rule = optimizer.parse("the benchmark's training (one gradient per batch)");
        TrainConfig config = TrainConfig.defaults().withModel(ModelSpec.mlp(hidden.value())).withBatchSize(batchSize)
                .withEpochs(warmup + epochs).withSeed(seed.value()).withOptimizer(rule);
        Trainer trainer;
        try {
            trainer = new Trainer(d, config);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), e);
        }
        int images = d.train().count();
        out.printf(Locale.ROOT, "bench: %s, %s, batch %d, %d train images (%s), %d kernel thread%s, SIMD %s, kernels %s%n",
                config.model().id(), config.optimizer(), batchSize, images, data.dir() != null ? data.dir() : "bundled subset",
                KernelThreads.threads(), KernelThreads.threads() == 1 ? "" : "s", Kernels.simd() ? "on" : "off",
                Kernels.mode().name().toLowerCase(Locale.ROOT));
        out.flush();

        for (int e = 0; e < warmup; e++) {
            EpochMetrics m = trainer.trainEpoch(TrainingListener.NONE);
            out.printf(Locale.ROOT, "warm-up epoch %d: %.0f samples/s%n", m.epoch(), m.samplesPerSecond());
            out.flush();
        }
        Windows windows = new Windows(steps == null ? 0 : steps, batchSize);
        long gcCount0 = gcCount(), gcMillis0 = gcMillis();
        double trainSeconds = 0;
        List<Double> rates = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            EpochMetrics m = trainer.trainEpoch(windows);
            trainSeconds += m.trainSeconds();
            rates.add(m.samplesPerSecond());
            out.printf(Locale.ROOT, "epoch %d: %.0f samples/s (%.2f s), train loss %.4f, test accuracy %.2f%%%n",
                    m.epoch(), m.samplesPerSecond(), m.trainSeconds(), m.trainLoss(), m.testAccuracy());
            out.flush();
        }
        long gcCount = gcCount() - gcCount0, gcMillis = gcMillis() - gcMillis0;
        List<Double> measured = steps == null ? rates : windows.rates;
        if (measured.isEmpty()) {
            throw new CliException("--steps " + steps + " is longer than an epoch (" + trainer.stepsPerEpoch()
                    + " steps): no window to time");
        }
        double median = median(measured);
        double flopsPerSample = 6.0 * (784.0 * hidden.value() + hidden.value() * 10.0);
        out.printf(Locale.ROOT, "median: %.0f samples/s over %d %s; %.1f GFLOP/s (%.2f MFLOP per sample, counted as "
                        + "6·(784·H + H·10))%n", median, measured.size(),
                steps == null ? (measured.size() == 1 ? "epoch" : "epochs") : "windows of " + steps + " steps", median * flopsPerSample / 1e9,
                flopsPerSample / 1e6);
        out.printf(Locale.ROOT, "memory: peak heap used %.1f MB (after a step), heap pools' peaks %.1f MB, "
                        + "committed %.1f MB, max %.0f MB%s%n",
                windows.peakUsed / 1e6, heapPoolPeaks() / 1e6, windows.peakCommitted / 1e6,
                Runtime.getRuntime().maxMemory() / 1e6, peakRss().map(b -> String.format(Locale.ROOT, "; peak RSS %.1f MB", b / 1e6)).orElse(""));
        out.printf(Locale.ROOT, "gc: %d collections, %d ms in the timed epochs (%.1f%% of %.2f s of training)%n",
                gcCount, gcMillis, trainSeconds > 0 ? 100.0 * gcMillis / 1000 / trainSeconds : 0, trainSeconds);
        out.printf(Locale.ROOT, "result: samples_per_s=%.0f gflops=%.2f peak_heap_mb=%.1f gc_count=%d gc_ms=%d%n",
                median, median * flopsPerSample / 1e9, windows.peakUsed / 1e6, gcCount, gcMillis);
        out.flush();
        return 0;
    }

    /** Times windows of {@code size} steps inside each epoch, and samples the heap after every step. */
    private static final class Windows implements TrainingListener {
        final int size;
        final int batch;
        final List<Double> rates = new ArrayList<>();
        long windowStart;
        long peakUsed;
        long peakCommitted;

        Windows(int size, int batch) {
            this.size = size;
            this.batch = batch;
        }

        @Override
        public void epochStarted(int epoch, int steps, int samples) {
            windowStart = 0;
        }

        @Override
        public void stepFinished(int epoch, int step, int steps, int samplesSoFar, double runningLoss, long elapsedNanos) {
            Runtime rt = Runtime.getRuntime();
            long committed = rt.totalMemory();
            peakUsed = Math.max(peakUsed, committed - rt.freeMemory());
            peakCommitted = Math.max(peakCommitted, committed);
            // Full windows of full batches only: the last, smaller batch would skew its window.
            if (size > 0 && step % size == 0 && step < steps) {
                rates.add(size * (double) batch / ((elapsedNanos - windowStart) / 1e9));
                windowStart = elapsedNanos;
            }
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .filter(c -> c > 0).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(c -> c > 0).sum();
    }

    /** Sum of the heap pools' peak usages: an upper bound on the peak heap (the pools peak at different times). */
    private static long heapPoolPeaks() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The process's peak resident set (VmHWM) where Linux reports it. */
    private static Optional<Long> peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Optional.of(Long.parseLong(parts[1]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: leave it out
        }
        return Optional.empty();
    }
}
