package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without {@code --add-modules jdk.incubator.vector} the kernels run the reference loops and say so once. */
class VectorModuleFallbackTest {
    /** Runs in the child JVM: two products (so two chances to print the notice), then the sum of C. */
    public static void main(String[] args) {
        float[] a = {1, 2, 3, 4, 5, 6}, b = {1, 0, 0, 1, 1, 1};
        float[] c = new float[4];
        Kernels.backend().gemm(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, Backend.Output.OVERWRITE);
        Kernels.backend().gemm(2, 2, 3, a, 0, 3, 1, b, 0, 2, 1, c, 0, Backend.Output.ACCUMULATE);
        System.out.println("simd=" + Kernels.simd() + " reference=" + (Kernels.backend() == Backend.REFERENCE)
                + " sum=" + (c[0] + c[1] + c[2] + c[3]));
    }

    @Test
    void withoutTheModuleTheReferenceKernelsRunAfterOneNotice() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                VectorModuleFallbackTest.class.getName())).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), err);
        // C = [[1+3, 2+3], [4+6, 5+6]] = [[4, 5], [10, 11]], computed twice: sum 2·30.
        assertEquals("simd=false reference=true sum=60.0", out);
        assertEquals(1, err.lines().filter(l -> l.contains("jdk.incubator.vector")).count(), err);
        assertTrue(err.contains("--add-modules jdk.incubator.vector"), err);
    }
}
