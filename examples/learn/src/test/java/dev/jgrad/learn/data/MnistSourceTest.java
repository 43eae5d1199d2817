package dev.jgrad.learn.data;

import static dev.jgrad.learn.data.TestIdx.gzip;
import static dev.jgrad.learn.data.TestIdx.images;
import static dev.jgrad.learn.data.TestIdx.labels;
import static dev.jgrad.learn.data.TestIdx.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistSourceTest {
    private static MnistData bundled;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadBundled() {
        bundled = MnistSource.bundled();
    }

    @Test
    void bundledSubsetHas8000TrainAnd2000TestDigits() {
        assertEquals(8000, bundled.train().count());
        assertEquals(2000, bundled.test().count());
        for (Dataset d : new Dataset[] {bundled.train(), bundled.test()}) {
            assertEquals(28, d.rows());
            assertEquals(28, d.cols());
        }
        assertEquals("bundled MNIST subset (8000 train / 2000 test digits)", bundled.description());
    }

    @Test
    void bundledSplitsHoldEveryClassInRoughlyEqualNumbers() {
        int[] train = bundled.train().classCounts();
        int[] test = bundled.test().classCounts();
        // MNIST's own class balance, split 80/20 within each class.
        assertArrayEquals(new int[] {801, 902, 793, 826, 784, 690, 811, 856, 755, 782}, train);
        assertArrayEquals(new int[] {200, 225, 198, 206, 196, 173, 203, 214, 189, 196}, test);
        for (int c = 0; c < 10; c++) {
            assertTrue(train[c] > 0.07 * 8000 && train[c] < 0.13 * 8000, "train class " + c + ": " + train[c]);
            assertTrue(test[c] > 0.07 * 2000 && test[c] < 0.13 * 2000, "test class " + c + ": " + test[c]);
            double ratio = (double) train[c] / test[c];
            assertTrue(ratio > 3.9 && ratio < 4.1, "class " + c + " train/test = " + ratio);
        }
    }

    @Test
    void bundledClassesAreInterleavedNotSorted() {
        for (Dataset d : new Dataset[] {bundled.train(), bundled.test()}) {
            Set<Integer> firstFifty = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                firstFifty.add(d.label(i));
            }
            assertEquals(10, firstFifty.size(), "classes among the first 50 of " + d);
        }
    }

    @Test
    void bundledSplitsShareNoImage() {
        Set<ByteBuffer> train = new HashSet<>();
        int pixels = bundled.train().pixels();
        for (int i = 0; i < bundled.train().count(); i++) {
            train.add(ByteBuffer.wrap(bundled.train().images(), i * pixels, pixels).slice());
        }
        assertEquals(8000, train.size(), "train images are distinct");
        for (int i = 0; i < bundled.test().count(); i++) {
            ByteBuffer image = ByteBuffer.wrap(bundled.test().images(), i * pixels, pixels).slice();
            assertTrue(!train.contains(image), "test image " + i + " also in train");
        }
    }

    @Test
    void bundledImagesLookLikeDigits() {
        Dataset d = bundled.train();
        int[] histogram = new int[256];
        for (byte b : d.images()) {
            histogram[b & 0xFF]++;
        }
        double background = (double) histogram[0] / d.images().length;
        // MNIST is about 81% background with full-intensity strokes; the borders are empty.
        assertTrue(background > 0.75 && background < 0.87, "background fraction " + background);
        assertTrue(histogram[255] > 0, "some pixels at full intensity");
        for (int i = 0; i < d.count(); i++) {
            assertEquals(0, d.pixel(i, 0), "top-left corner of image " + i);
        }
    }

    @Test
    void bundledFilesMatchSha256Sums() throws Exception {
        Map<String, String> sums = new LinkedHashMap<>();
        String text = new String(resourceBytes("SHA256SUMS"), StandardCharsets.US_ASCII);
        for (String line : text.split("\n")) {
            String[] parts = line.split(" {2}");
            assertEquals(2, parts.length, "line: " + line);
            sums.put(parts[1], parts[0]);
        }
        assertEquals(
                MnistSource.FILE_NAMES.stream().map(n -> n + ".gz").toList(),
                List.copyOf(sums.keySet()));
        for (Map.Entry<String, String> e : sums.entrySet()) {
            byte[] data = resourceBytes(e.getKey());
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            assertEquals(e.getValue(), actual, e.getKey());
        }
    }

    @Test
    void bundledFilesAreGzippedWithoutTimestampOrName() throws IOException {
        for (String name : MnistSource.FILE_NAMES) {
            byte[] gz = resourceBytes(name + ".gz");
            assertEquals(0x1f, gz[0] & 0xFF);
            assertEquals(0x8b, gz[1] & 0xFF);
            assertEquals(0, gz[3], name + ": FLG (no file name or extras)");
            assertArrayEquals(new byte[4], Arrays.copyOfRange(gz, 4, 8), name + ": MTIME");
        }
    }

    private static byte[] resourceBytes(String name) throws IOException {
        try (InputStream in = MnistSource.class.getResourceAsStream(MnistSource.BUNDLED_DIR + name)) {
            assertTrue(in != null, "resource " + name);
            return in.readAllBytes();
        }
    }

    private void writeSet(String trainImages, String trainLabels, String testImages, String testLabels,
                          int rows, int cols) {
        write(dir, trainImages, gzip(images(30, rows, cols)));
        write(dir, trainLabels, labels(30));
        write(dir, testImages, images(7, rows, cols));
        write(dir, testLabels, gzip(labels(7)));
    }

    @Test
    void fromDirectoryAcceptsRawAndGzippedFiles() {
        writeSet("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte.gz", 28, 28);

        MnistData data = MnistSource.fromDirectory(dir);

        assertEquals(30, data.train().count());
        assertEquals(7, data.test().count());
        assertEquals(TestIdx.pixel(29, 500), data.train().pixel(29, 500));
        assertEquals(TestIdx.label(6), data.test().label(6));
        assertEquals("IDX files in " + dir + " (30 train / 7 test images)", data.description());
    }

    @Test
    void fromDirectoryAcceptsDottedNames() {
        writeSet("train-images.idx3-ubyte", "train-labels.idx1-ubyte.gz",
                "t10k-images.idx3-ubyte.gz", "t10k-labels.idx1-ubyte", 28, 28);
        assertEquals(30, MnistSource.fromDirectory(dir).train().count());
    }

    @Test
    void fromDirectoryTakesTheStandardNameWhenAnotherSpellingHoldsTheSameData() {
        writeSet("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 28, 28);
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(30, 28, 28)));
        write(dir, "train-images.idx3-ubyte", images(30, 28, 28));
        assertEquals(30, MnistSource.fromDirectory(dir).train().count());
        write(dir, "train-images.idx3-ubyte", new byte[] {1, 2, 3}); // other data: which one is meant? (DataPathsTest)
        assertThrows(MnistDataException.class, () -> MnistSource.fromDirectory(dir));
    }

    @Test
    void fromDirectoryNamesTheMissingFile() {
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(3, 28, 28)));
        write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(3)));
        write(dir, "t10k-images-idx3-ubyte.gz", gzip(images(3, 28, 28)));
        MnistDataException e = assertThrows(MnistDataException.class, () -> MnistSource.fromDirectory(dir));
        assertEquals(dir + ": missing t10k-labels-idx1-ubyte (looked for t10k-labels-idx1-ubyte, "
                + "t10k-labels-idx1-ubyte.gz, t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz)", e.getMessage());
    }

    @Test
    void fromDirectoryThatDoesNotExist() {
        Path missing = dir.resolve("nowhere");
        MnistDataException e = assertThrows(MnistDataException.class, () -> MnistSource.fromDirectory(missing));
        assertEquals(missing + ": directory not found, expected a directory with train-images-idx3-ubyte, "
                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (optionally .gz)",
                e.getMessage());
    }

    @Test
    void fromDirectoryGivenAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        MnistDataException e = assertThrows(MnistDataException.class, () -> MnistSource.fromDirectory(file));
        assertTrue(e.getMessage().startsWith(file + ": not a directory, expected a directory with "), e.getMessage());
    }

    @Test
    void fromDirectoryRequires28x28() {
        writeSet("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 32, 32);
        MnistDataException e = assertThrows(MnistDataException.class, () -> MnistSource.fromDirectory(dir));
        assertEquals(dir.resolve("train-images-idx3-ubyte") + ": images are 32x32 = 1024 pixels, expected 784 (28x28)",
                e.getMessage());
    }

    @Test
    void fashionMnistFromTheDebianPackageLoadsWhenInstalled() {
        // Installed by `apt-get install dataset-fashion-mnist`; skipped where it is not.
        Path debian = Path.of("/usr/share/datasets/fashion-mnist");
        assumeTrue(Files.isDirectory(debian), "dataset-fashion-mnist not installed");
        MnistData fashion = MnistSource.fromDirectory(debian);
        assertEquals(60000, fashion.train().count());
        assertEquals(10000, fashion.test().count());
        int[] train = fashion.train().classCounts();
        int[] test = fashion.test().classCounts();
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, train[c]);
            assertEquals(1000, test[c]);
        }
    }
}
