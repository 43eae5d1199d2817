package dev.jgrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KernelThreadsTest {
    @AfterEach
    void restore() {
        KernelThreads.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void everyTaskRunsExactlyOnceForAnyThreadCount() {
        for (int threads = 1; threads <= 3; threads++) {
            KernelThreads.setThreads(threads);
            for (int tasks : new int[] {0, 1, 2, 3, 17, 1000}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                for (int rep = 0; rep < 20; rep++) {
                    KernelThreads.run(tasks, runs::incrementAndGet);
                }
                for (int i = 0; i < tasks; i++) {
                    assertEquals(20, runs.get(i), "task " + i + " of " + tasks + " with " + threads + " threads");
                }
            }
        }
    }

    @Test
    void workIsSharedWithAWorkerThread() {
        KernelThreads.setThreads(2);
        ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
        for (int rep = 0; rep < 200 && seen.size() < 2; rep++) {
            KernelThreads.run(64, t -> {
                seen.put(Thread.currentThread().getName(), true);
                long until = System.nanoTime() + 20_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
        }
        assertTrue(seen.keySet().stream().anyMatch(n -> n.startsWith("jgrad-kernel-")), "only ran on " + seen.keySet());
    }

    @Test
    void nestedCallsRunInlineInsteadOfDeadlocking() {
        KernelThreads.setThreads(2);
        AtomicIntegerArray inner = new AtomicIntegerArray(8 * 8);
        KernelThreads.run(8, o -> KernelThreads.run(8, i -> inner.incrementAndGet(o * 8 + i)));
        for (int i = 0; i < 64; i++) {
            assertEquals(1, inner.get(i));
        }
    }

    @Test
    void aFailingTaskFailsTheCallAndThePoolKeepsWorking() {
        KernelThreads.setThreads(2);
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> KernelThreads.run(16, t -> {
            if (t == 11) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        AtomicIntegerArray runs = new AtomicIntegerArray(16);
        KernelThreads.run(16, runs::incrementAndGet);
        for (int i = 0; i < 16; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void threadCountsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> KernelThreads.setThreads(0));
        assertEquals(3, KernelThreads.parseThreads(" 3 "));
        assertEquals(Runtime.getRuntime().availableProcessors(), KernelThreads.parseThreads(null));
        assertThrows(IllegalArgumentException.class, () -> KernelThreads.parseThreads("two"));
        assertThrows(IllegalArgumentException.class, () -> KernelThreads.parseThreads("-1"));
    }

    @Test
    void kernelModesParseFromTheSystemPropertySpelling() {
        assertEquals(Kernels.Mode.FAST, Kernels.parseMode("fast"));
        assertEquals(Kernels.Mode.REFERENCE, Kernels.parseMode(" Reference "));
        assertThrows(IllegalArgumentException.class, () -> Kernels.parseMode("turbo"));
        assertThrows(IllegalArgumentException.class, () -> Kernels.setMode(null));
    }
}
