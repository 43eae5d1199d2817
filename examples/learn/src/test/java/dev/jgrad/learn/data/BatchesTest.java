package dev.jgrad.learn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private static final int COUNT = 12;
    private static final int ROWS = 3;
    private static final int COLS = 4;

    private static Dataset dataset() {
        byte[] images = new byte[COUNT * ROWS * COLS];
        byte[] labels = new byte[COUNT];
        for (int i = 0; i < COUNT; i++) {
            for (int p = 0; p < ROWS * COLS; p++) {
                images[i * ROWS * COLS + p] = (byte) TestIdx.pixel(i, p);
            }
            labels[i] = (byte) TestIdx.label(i);
        }
        return new Dataset(images, labels, COUNT, ROWS, COLS);
    }

    @Test
    void normalizesTheIndexedImagesIntoTheFrontOfTheBuffer() {
        Dataset d = dataset();
        int[] indices = {5, 0, 11, 3, 7};
        float[] out = new float[4 * d.pixels() + 3];
        Arrays.fill(out, -1f);

        Batches.normalizeBatch(d, indices, 1, 4, out);

        for (int k = 0; k < 3; k++) {
            int image = indices[1 + k];
            for (int p = 0; p < d.pixels(); p++) {
                assertEquals(TestIdx.pixel(image, p) / 255f, out[k * d.pixels() + p], "image " + image + " pixel " + p);
            }
        }
        for (int i = 3 * d.pixels(); i < out.length; i++) {
            assertEquals(-1f, out[i], "untouched beyond the batch");
        }
    }

    @Test
    void doubleOverloadMatches() {
        Dataset d = dataset();
        double[] out = new double[2 * d.pixels()];
        Batches.normalizeBatch(d, new int[] {9, 2}, 0, 2, out);
        assertEquals(TestIdx.pixel(9, 0) / 255.0, out[0]);
        assertEquals(TestIdx.pixel(2, d.pixels() - 1) / 255.0, out[2 * d.pixels() - 1]);
    }

    @Test
    void valuesSpanZeroToOne() {
        byte[] images = new byte[256];
        for (int i = 0; i < 256; i++) {
            images[i] = (byte) i;
        }
        Dataset d = new Dataset(images, new byte[] {0}, 1, 16, 16);
        float[] out = new float[256];
        Batches.normalizeBatch(d, null, 0, 1, out);
        assertEquals(0f, out[0]);
        assertEquals(128 / 255f, out[128]);
        assertEquals(1f, out[255]);
    }

    @Test
    void nullIndicesMeanInOrder() {
        Dataset d = dataset();
        float[] out = new float[2 * d.pixels()];
        Batches.normalizeBatch(d, null, 10, 12, out);
        assertEquals(TestIdx.pixel(10, 0) / 255f, out[0]);
        assertEquals(TestIdx.pixel(11, 1) / 255f, out[d.pixels() + 1]);
        int[] labels = new int[2];
        Batches.labelBatch(d, null, 10, 12, labels);
        assertArrayEquals(new int[] {TestIdx.label(10), TestIdx.label(11)}, labels);
    }

    @Test
    void labelBatchFollowsTheIndices() {
        Dataset d = dataset();
        int[] out = {-1, -1, -1, -1};
        Batches.labelBatch(d, new int[] {4, 8, 1}, 0, 3, out);
        assertArrayEquals(new int[] {TestIdx.label(4), TestIdx.label(8), TestIdx.label(1), -1}, out);
    }

    @Test
    void tooSmallBufferIsRejected() {
        Dataset d = dataset();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batches.normalizeBatch(d, null, 0, 3, new float[35]));
        assertEquals("output buffer holds 35 values, the batch needs 36 (3 x 12)", e.getMessage());
        IllegalArgumentException l = assertThrows(IllegalArgumentException.class,
                () -> Batches.labelBatch(d, null, 0, 3, new int[2]));
        assertEquals("output buffer holds 2 values, the batch needs 3 (3 x 1)", l.getMessage());
    }

    @Test
    void badRangesAndIndicesAreRejected() {
        Dataset d = dataset();
        float[] out = new float[100 * d.pixels()];
        IndexOutOfBoundsException range = assertThrows(IndexOutOfBoundsException.class,
                () -> Batches.normalizeBatch(d, new int[] {1, 2}, 1, 3, out));
        assertEquals("batch [1, 3) is outside [0, 2)", range.getMessage());
        IndexOutOfBoundsException index = assertThrows(IndexOutOfBoundsException.class,
                () -> Batches.normalizeBatch(d, new int[] {1, 12}, 0, 2, out));
        assertEquals("indices[1] = 12 is not an image of a 12-image dataset", index.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Batches.labelBatch(d, null, 5, 4, new int[5]));
    }

    @Test
    void batchesAllocateNothing() {
        Dataset d = MnistSource.bundled().train();
        int[] indices = Batches.sequentialIndices(d.count());
        Batches.shuffle(indices, new SplittableRandom(1));
        int batch = 64;
        float[] floats = new float[batch * d.pixels()];
        double[] doubles = new double[batch * d.pixels()];
        int[] labels = new int[batch];
        Runnable epoch = () -> {
            for (int from = 0; from + batch <= d.count(); from += batch) {
                Batches.normalizeBatch(d, indices, from, from + batch, floats);
                Batches.normalizeBatch(d, indices, from, from + batch, doubles);
                Batches.labelBatch(d, indices, from, from + batch, labels);
            }
        };
        epoch.run(); // warm-up, so class loading and compilation are not counted
        long before = TestIdx.allocatedBytes();
        epoch.run();
        long allocated = TestIdx.allocatedBytes() - before;
        // 125 batches x 3 calls: even one 16-byte object per call would show as 6000 bytes.
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes in one epoch");
    }

    @Test
    void sequentialIndicesAndSeededShuffle() {
        int[] a = Batches.sequentialIndices(100);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, a[i]);
        }
        int[] b = a.clone();
        Batches.shuffle(a, new SplittableRandom(42));
        Batches.shuffle(b, new SplittableRandom(42));
        assertArrayEquals(a, b, "same seed, same order");
        assertNotEquals(Arrays.toString(Batches.sequentialIndices(100)), Arrays.toString(a));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        assertArrayEquals(Batches.sequentialIndices(100), sorted, "a permutation");
    }

    @Test
    void datasetRejectsInconsistentArrays() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new byte[10], new byte[1], 1, 3, 4));
        assertEquals("images has 10 bytes, expected 1*3*4 = 12", size.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new byte[12], new byte[2], 1, 3, 4));
        assertEquals("labels has 2 entries, expected 1", count.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new byte[12], new byte[] {10}, 1, 3, 4));
        assertEquals("label #0 is 10, expected 0-9", label.getMessage());
    }

    @Test
    void datasetsWithTheSameContentAreEqual() {
        assertEquals(dataset(), dataset());
        assertEquals(dataset().hashCode(), dataset().hashCode());
        assertEquals("Dataset[12 images of 3x4]", dataset().toString());
    }
}
