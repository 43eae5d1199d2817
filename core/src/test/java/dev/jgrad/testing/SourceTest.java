package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceTest {

    @Test
    void matchesTheReferenceSplitMix64Outputs() {
        // First outputs of the reference C implementation (Vigna's splitmix64.c) seeded with 0.
        Source source = new Source(0);
        assertEquals(0xE220A8397B1DCDAFL, source.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, source.nextLong());
        assertEquals(0x06C45D188009454FL, source.nextLong());
    }

    @Test
    void sameSeedGivesSameStream() {
        Source a = new Source(123456789L);
        Source b = new Source(123456789L);
        long[] xs = new long[100];
        long[] ys = new long[100];
        for (int i = 0; i < 100; i++) {
            xs[i] = a.nextLong();
            ys[i] = b.nextLong();
        }
        assertArrayEquals(xs, ys);
        assertNotEquals(new Source(1).nextLong(), new Source(2).nextLong());
    }

    @Test
    void boundedIntsStayInRangeAndCoverIt() {
        Source source = new Source(7);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int x = source.nextInt(-3, 4);
            assertTrue(x >= -3 && x <= 4, "out of range: " + x);
            seen.add(x);
        }
        assertEquals(8, seen.size());
        for (int i = 0; i < 1_000; i++) {
            source.nextInt(Integer.MIN_VALUE, Integer.MAX_VALUE);
            assertEquals(5, source.nextInt(5, 5));
        }
        assertThrows(IllegalArgumentException.class, () -> source.nextInt(2, 1));
        assertThrows(IllegalArgumentException.class, () -> source.nextLong(0));
    }

    @Test
    void doublesAreInTheUnitInterval() {
        Source source = new Source(11);
        double sum = 0;
        for (int i = 0; i < 10_000; i++) {
            double x = source.nextDouble();
            assertTrue(x >= 0 && x < 1, "out of range: " + x);
            sum += x;
        }
        assertEquals(0.5, sum / 10_000, 0.02);
    }

    @Test
    void everyTryHasItsOwnSeed() {
        Set<Long> seeds = new HashSet<>();
        for (long run = 0; run < 10; run++) {
            for (int t = 1; t <= 100; t++) {
                seeds.add(Source.trySeed(run, t));
            }
        }
        assertEquals(1_000, seeds.size());
        assertEquals(Source.trySeed(42, 7), Source.trySeed(42, 7));
    }
}
