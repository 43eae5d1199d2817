package dev.jgrad.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The shared worker threads of the kernels. The thread count comes from the system property
 * {@code jgrad.threads} (default: available processors) and can be changed at run time.
 *
 * <p>Work is handed out as numbered tasks; which thread runs a task never changes what it computes,
 * so kernels that give every output element to exactly one task are bit-identical for any thread
 * count. The caller runs tasks too, so one thread means no hand-off at all.
 *
 * <p>Workers spin briefly before parking: a training step calls a kernel every few tens of
 * microseconds, and waking a parked thread costs about as much as a small matrix product.
 */
public final class KernelThreads {
    private KernelThreads() {}

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 50_000;

    private static volatile int threads = parseThreads(System.getProperty("jgrad.threads"));
    /** Held by the thread whose job owns the workers; others (and nested calls) run inline. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final AtomicReference<Worker[]> WORKERS = new AtomicReference<>(new Worker[0]);
    private static volatile Job current;
    private static volatile long generation;

    /**
     * The most threads the kernels take; asking for more is refused up front. Each worker is a thread
     * with its own stack, and {@code --threads 2147483647} ran out of memory creating them.
     */
    public static final int MAX_THREADS = 1024;

    public static int threads() {
        return threads;
    }

    /** Sets the thread count; 1 runs every kernel on the calling thread. */
    public static void setThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("thread count must be between 1 and " + MAX_THREADS + ", got " + n);
        }
        while (!BUSY.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        try {
            threads = n;
        } finally {
            BUSY.set(false);
        }
    }

    static int parseThreads(String s) {
        if (s == null || s.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n;
        try {
            n = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("jgrad.threads must be a positive integer, got '" + s + "'", e);
        }
        if (n < 1 || n > MAX_THREADS) {
            throw new IllegalArgumentException("jgrad.threads must be between 1 and " + MAX_THREADS + ", got " + n);
        }
        return n;
    }

    /** A loop over elements [from, to) of something with independent elements. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) in consecutive chunks of {@code chunk} elements, one task per chunk,
     * spread over the kernel threads when there are at least two chunks (on the calling thread, in
     * order, otherwise or with one thread). The chunks depend only on n and chunk, so a body whose
     * elements do not depend on each other gives the same result for any thread count. For
     * elementwise passes too large for one core, such as an optimizer step over a weight matrix.
     */
    public static void forRanges(int n, int chunk, Range body) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be at least 1, got " + chunk);
        }
        int tasks = (int) ((n + (long) chunk - 1) / chunk);
        if (tasks <= 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        run(tasks, t -> body.run(t * chunk, (int) Math.min(n, (long) t * chunk + chunk)));
    }

    /** Runs {@code task.accept(i)} once for every i in [0, tasks), spread over the kernel threads. */
    static void run(int tasks, IntConsumer task) {
        int t = threads;
        if (tasks <= 1 || t == 1 || !BUSY.compareAndSet(false, true)) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        try {
            Worker[] ws = workers(t - 1);
            Job job = new Job(tasks, task);
            current = job;
            generation++;
            for (int i = 0; i < Math.min(ws.length, tasks - 1); i++) {
                LockSupport.unpark(ws[i]);
            }
            job.work();
            job.awaitDone();
            current = null;
            Throwable err = job.error.get();
            if (err instanceof RuntimeException re) {
                throw re;
            }
            if (err instanceof Error e) {
                throw e;
            }
            if (err != null) {
                throw new IllegalStateException(err);
            }
        } finally {
            BUSY.set(false);
        }
    }

    /** The first {@code n} workers, started on demand and kept for the life of the JVM. */
    private static Worker[] workers(int n) {
        Worker[] ws = WORKERS.get();
        if (ws.length >= n) {
            return ws;
        }
        Worker[] grown = Arrays.copyOf(ws, n);
        for (int i = ws.length; i < n; i++) {
            grown[i] = new Worker(i, generation);
            grown[i].start();
        }
        WORKERS.set(grown);
        return grown;
    }

    /**
     * One call's tasks. The caller waits for the tasks to be done, not for the workers to show up:
     * a worker descheduled by the OS must not stall a call whose tasks the caller already ran. A worker
     * that wakes late finds the counter exhausted and does nothing.
     */
    private static final class Job {
        final int tasks;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Job(int tasks, IntConsumer body) {
            this.tasks = tasks;
            this.body = body;
        }

        void work() {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    body.accept(i);
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void awaitDone() {
            for (int spins = 0; done.get() < tasks; spins++) {
                if (spins < 10_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }

    private static final class Worker extends Thread {
        private long seen;

        Worker(int index, long generation) {
            super("jgrad-kernel-" + (index + 1));
            this.seen = generation;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                long deadline = 0;
                while (generation == seen) {
                    if (deadline == 0) {
                        deadline = System.nanoTime() + SPIN_NANOS;
                    }
                    if (System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = generation;
                Job job = current;
                if (job != null) {
                    job.work();
                }
            }
        }
    }
}
