package dev.jgrad.learn.bench;

import dev.jgrad.kernel.Backend;
import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.kernel.Kernels;
import dev.jgrad.learn.data.Dataset;
import dev.jgrad.learn.data.MnistSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * CPU time of the MNIST MLP's first-layer products on batches of real images, on one kernel thread:
 * the forward x·Wᵀ + b (batch×784 by 784×500) and the weight gradient Gᵀ·x (500×batch by
 * batch×784, G half zeros as after ReLU's backward). Thread CPU time rather than wall clock, so a
 * busy host changes the figures less. A measuring tool, not a test; compare the skipping of zero
 * steps against the dense kernels by running it twice, with {@code -Djgrad.skipZeros=false}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector [-Djgrad.skipZeros=false] -cp CP \
 *     dev.jgrad.learn.bench.FirstLayerProducts DATA_DIR BATCH [REPEATS]
 * </pre>
 *
 * Prints the median and the best over the second half of the repeats, in µs.
 */
public final class FirstLayerProducts {
    private FirstLayerProducts() {}

    public static void main(String[] args) {
        Dataset train = MnistSource.fromDirectory(Path.of(args[0])).train();
        int batch = Integer.parseInt(args[1]), repeats = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int in = MnistSource.PIXELS, out = 500;
        KernelThreads.setThreads(1);
        Backend kernels = Kernels.backend();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        Random random = new Random(1);
        float[] w = new float[out * in], g = new float[batch * out], bias = new float[batch * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * 0.03);
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextBoolean() ? 0f : (float) random.nextGaussian();
        }
        float[] x = new float[batch * in], y = new float[batch * out], dw = new float[out * in];
        long[] forward = new long[repeats], weightGradient = new long[repeats];
        for (int r = 0; r < repeats; r++) {
            for (int i = 0; i < batch; i++) {
                int image = random.nextInt(train.count());
                for (int p = 0; p < in; p++) {
                    x[i * in + p] = train.pixel(image, p) / 255f;
                }
            }
            System.arraycopy(bias, 0, y, 0, y.length);
            long t0 = cpu.getCurrentThreadCpuTime();
            kernels.gemm(batch, out, in, x, 0, in, 1, w, 0, 1, in, y, 0, Backend.Output.ACCUMULATE);
            long t1 = cpu.getCurrentThreadCpuTime();
            kernels.gemm(out, in, batch, g, 0, 1, out, x, 0, in, 1, dw, 0, Backend.Output.OVERWRITE);
            long t2 = cpu.getCurrentThreadCpuTime();
            forward[r] = t1 - t0;
            weightGradient[r] = t2 - t1;
        }
        System.out.printf("batch %d, skipZeros %s: x·Wᵀ + b %s; Gᵀ·x %s%n", batch,
                System.getProperty("jgrad.skipZeros", "true"), summary(forward), summary(weightGradient));
    }

    private static String summary(long[] nanos) {
        long[] late = Arrays.copyOfRange(nanos, nanos.length / 2, nanos.length);
        Arrays.sort(late);
        return String.format("median %.0f µs, best %.0f µs", late[late.length / 2] / 1e3, late[0] / 1e3);
    }
}
