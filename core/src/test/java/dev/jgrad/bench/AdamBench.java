package dev.jgrad.bench;

import dev.jgrad.kernel.AdamKernels;
import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.kernel.Kernels;
import dev.jgrad.tensor.Generator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One AdamW step over the MNIST MLP's 397 510 float32 parameters, as the optimizer runs it: chunks
 * of 16 K elements over the kernel threads. {@code values=normal}: gradients and moments of ordinary
 * size. {@code values=subnormal}: 38% of the elements are weights whose gradient has been 0 for a
 * long time, so their m is subnormal (the share found in a training run with a fixed batch), which
 * costs the processor a microcode assist per vector instruction that meets one.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp CP org.openjdk.jmh.Main AdamBench -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AdamBench {
    static final int N = 784 * 500 + 500 + 500 * 10 + 10;
    static final int CHUNK = 16_384;

    @Param({"normal", "subnormal"})
    public String values;

    @Param({"1", "2"})
    public int threads;

    /** fast (Vector API) or reference (the scalar loop). */
    @Param({"fast", "reference"})
    public String impl;

    private float[] theta, grad, m, v, m0;
    private AdamKernels.Coefficients c;

    @Setup
    public void setup() {
        KernelThreads.setThreads(threads);
        Kernels.setMode("fast".equals(impl) ? Kernels.Mode.FAST : Kernels.Mode.REFERENCE);
        Generator gen = new Generator(1);
        theta = new float[N];
        grad = new float[N];
        m = new float[N];
        v = new float[N];
        m0 = new float[N];
        boolean sub = "subnormal".equals(values);
        for (int i = 0; i < N; i++) {
            theta[i] = (float) (gen.nextGaussian() * 0.03);
            boolean dead = sub && gen.nextInt(100) < 38;
            grad[i] = dead ? 0f : (float) (gen.nextGaussian() * 1e-3);
            m0[i] = dead ? Float.intBitsToFloat(1 + gen.nextInt(1 << 23)) : (float) (gen.nextGaussian() * 1e-4);
            v[i] = dead ? 0f : (float) (1e-7 * (1 + gen.nextInt(10)));
        }
        double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, t = 1000;
        double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
        c = new AdamKernels.Coefficients((float) (1 - lr * 0.01), 0f, false, (float) beta1, (float) (1 - beta1), (float) beta2,
                (float) (1 - beta2), (float) Math.sqrt(bc2), 1e-8f, (float) (lr / bc1));
    }

    /** Every iteration starts from the same m (subnormal m would otherwise shrink toward the smallest subnormals, where they stay). */
    @Setup(Level.Iteration)
    public void resetMoments() {
        System.arraycopy(m0, 0, m, 0, N);
    }

    @Benchmark
    public float step() {
        KernelThreads.forRanges(N, CHUNK, (from, to) -> AdamKernels.step(c, theta, 0, grad, 0, m, v, null, from, to));
        return theta[0];
    }
}
