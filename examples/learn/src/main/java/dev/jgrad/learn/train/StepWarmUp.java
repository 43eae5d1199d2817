package dev.jgrad.learn.train;

import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.learn.data.Batches;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistData;
import dev.jgrad.tensor.Generator;

/**
 * Trains a throwaway copy of the configured model on random images while the real data loads, so
 * that the JIT has compiled the whole training step (products, autograd, loss, optimizer) and the
 * evaluation before the first real step. A fresh JVM otherwise runs the first few hundred steps in
 * the interpreter and in code compiled without profiles: the first epoch of Fashion-MNIST took
 * 4.1 s against 3.4 s for the second.
 *
 * <p>The copy shares nothing with the real run: its own generator, model, optimizer and images;
 * gradient mode and anomaly checks are per thread, and the kernels give the same bits whichever
 * threads run them. So the real run's numbers do not depend on whether, or how long, it ran.
 */
public final class StepWarmUp implements AutoCloseable {
    /** Stops on its own after this long even if the data takes longer to load. */
    static final long MAX_NANOS = 3_000_000_000L;
    /**
     * Batches per throwaway epoch: few, so that evaluation is compiled too. It runs on one batch of
     * test images, since it cannot stop half-way: in a cold JVM a 1000-image batch took 0.4 s.
     */
    static final int BATCHES = 8;
    /**
     * The largest batch it trains on: the same code gets compiled, and a {@code --batch-size} of
     * 500 000 made it spend 37 s and 6.2 GB on random images before failing.
     */
    public static final int MAX_BATCH = 1024;

    private final Thread thread;
    private final int threads = KernelThreads.threads();
    private volatile boolean stop;

    private StepWarmUp(TrainConfig config) {
        thread = new Thread(() -> run(config), "jgrad-step-warm-up");
        thread.setDaemon(true);
    }

    /**
     * Starts warming up on a daemon thread; {@link #close} stops it and waits for it. Until then the
     * kernels run on one thread, so that loading the data, which is what the real run waits for,
     * keeps a core to itself (with both kernel threads training, loading Fashion-MNIST took 0.6 s
     * longer).
     */
    public static StepWarmUp start(TrainConfig config) {
        StepWarmUp w = new StepWarmUp(config);
        KernelThreads.setThreads(1);
        w.thread.start();
        return w;
    }

    private void run(TrainConfig config) {
        int pixels = config.model().inputs(), batch = batch(config);
        Generator g = new Generator(1);
        Dataset train = random(g, BATCHES * batch, pixels), test = random(g, batch, pixels);
        long deadline = System.nanoTime() + MAX_NANOS;
        // Ends a throwaway epoch after the step during which close() was called, not at its end.
        TrainingListener stopper = new TrainingListener() {
            @Override
            public void stepLoss(int epoch, int step, double loss) {
                if (stop || System.nanoTime() > deadline) {
                    throw new Stopped();
                }
            }
        };
        try {
            Trainer trainer = new Trainer(new MnistData(train, test, "random images"),
                    config.withEpochs(1000).withBatchSize(batch));
            while (trainer.epochsDone() < 1000) {
                trainer.trainEpoch(stopper);
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            // Stopped, or a failure that costs only the warm-up: the real run builds its own trainer and
            // reports its own errors (and sizes itself against the heap first).
        }
    }

    /** The batch it trains on: the run's, up to {@link #MAX_BATCH}. */
    public static int batch(TrainConfig config) {
        return Math.min(config.batchSize(), MAX_BATCH);
    }

    private static Dataset random(Generator g, int count, int pixels) {
        byte[] images = new byte[count * pixels], labels = new byte[count];
        for (int i = 0; i < images.length; i++) {
            images[i] = (byte) g.nextInt(256);
        }
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) g.nextInt(10);
        }
        return pixels == 784 ? new Dataset(images, labels, count, 28, 28) : new Dataset(images, labels, count, 1, pixels);
    }

    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() {
        stop = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            KernelThreads.setThreads(threads);
        }
    }
}
