package dev.jgrad.bench;

import dev.jgrad.kernel.Backend;
import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.kernel.Kernels;
import dev.jgrad.tensor.Generator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * float32 matrix products on the shapes of the MNIST MLP (784-500-10, batch 64), forward and
 * backward, its two large products at batch 256, and 1024³. Transposed operands are views of
 * untransposed arrays, as Linear passes them.
 * Run through {@link KernelBench}, which reports GFLOP/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
    /** name → m, n, k, A transposed, B transposed (C[m×n] = op(A)·op(B)). Same names as gemm_torch.py. */
    static final String[] SHAPES = {
        "sgemm_1024 1024 1024 1024 0 0",
        "fwd_64x784_784x500 64 500 784 0 1",
        "fwd_64x500_500x10 64 10 500 0 1",
        "bwd_dW_500x64_64x784 500 784 64 1 0",
        "fwd_256x784_784x500 256 500 784 0 1",
        "bwd_dW_500x256_256x784 500 784 256 1 0",
        "bwd_dx_64x500_500x784 64 784 500 0 0",
        "bwd_dW_10x64_64x500 10 500 64 1 0",
        "bwd_dx_64x10_10x500 64 500 10 0 0",
    };

    @Param({"sgemm_1024", "fwd_64x784_784x500", "fwd_64x500_500x10", "bwd_dW_500x64_64x784",
            "bwd_dx_64x500_500x784", "bwd_dW_10x64_64x500", "bwd_dx_64x10_10x500",
            "fwd_256x784_784x500", "bwd_dW_500x256_256x784"})
    public String shape;

    @Param({"2"})
    public int threads;

    /** fast (blocked, Vector API) or reference (plain loops). */
    @Param({"fast"})
    public String impl;

    private int m, n, k, aRow, aCol, bRow, bCol;
    private float[] a, b, c;
    private Backend kernels;

    static int[] dims(String name) {
        for (String s : SHAPES) {
            String[] f = s.split(" ");
            if (f[0].equals(name)) {
                return new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), Integer.parseInt(f[5])};
            }
        }
        throw new IllegalArgumentException("unknown shape " + name);
    }

    @Setup
    public void setup() {
        int[] d = dims(shape);
        m = d[0];
        n = d[1];
        k = d[2];
        // A transposed: stored k×m; B transposed: stored n×k (a Linear weight for x·Wᵀ).
        aRow = d[3] == 1 ? 1 : k;
        aCol = d[3] == 1 ? m : 1;
        bRow = d[4] == 1 ? 1 : n;
        bCol = d[4] == 1 ? k : 1;
        Generator g = new Generator(1);
        a = random(g, m * k);
        b = random(g, k * n);
        c = new float[m * n];
        KernelThreads.setThreads(threads);
        Kernels.setMode(impl.equals("reference") ? Kernels.Mode.REFERENCE : Kernels.Mode.FAST);
        kernels = Kernels.backend();
    }

    private static float[] random(Generator g, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (g.nextDouble() - 0.5);
        }
        return x;
    }

    @Benchmark
    public float[] gemm() {
        kernels.gemm(m, n, k, a, 0, aRow, aCol, b, 0, bRow, bCol, c, 0, Backend.Output.OVERWRITE);
        return c;
    }
}
