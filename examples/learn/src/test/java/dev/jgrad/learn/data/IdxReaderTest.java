package dev.jgrad.learn.data;

import static dev.jgrad.learn.data.TestIdx.concat;
import static dev.jgrad.learn.data.TestIdx.gzip;
import static dev.jgrad.learn.data.TestIdx.header;
import static dev.jgrad.learn.data.TestIdx.images;
import static dev.jgrad.learn.data.TestIdx.labels;
import static dev.jgrad.learn.data.TestIdx.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    private MnistDataException fails(Path images, Path labels, int requiredPixels) {
        MnistDataException e = assertThrows(MnistDataException.class,
                () -> IdxReader.read(images, labels, requiredPixels));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private Path goodLabels(int count) {
        return write(dir, "labels", labels(count));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsRawAndGzippedFiles(boolean gzipped) {
        byte[] img = images(5, 28, 28);
        byte[] lab = labels(5);
        Path images = write(dir, "img", gzipped ? gzip(img) : img);
        Path labels = write(dir, "lab", gzipped ? gzip(lab) : lab);

        Dataset d = IdxReader.read(images, labels, MnistSource.PIXELS);

        assertEquals(5, d.count());
        assertEquals(28, d.rows());
        assertEquals(28, d.cols());
        assertArrayEquals(Arrays.copyOfRange(img, 16, img.length), d.images());
        for (int i = 0; i < 5; i++) {
            assertEquals(TestIdx.label(i), d.label(i));
            for (int p = 0; p < 784; p += 97) {
                assertEquals(TestIdx.pixel(i, p), d.pixel(i, p));
            }
        }
    }

    @Test
    void detectsGzipByContentNotByName() {
        Path gzNamedRaw = write(dir, "images.gz", images(3, 4, 5));
        Path rawNamedGz = write(dir, "labels-idx1-ubyte", gzip(labels(3)));

        Dataset d = IdxReader.read(gzNamedRaw, rawNamedGz);

        assertEquals(3, d.count());
        assertEquals(4, d.rows());
        assertEquals(5, d.cols());
        assertEquals(TestIdx.label(2), d.label(2));
    }

    @Test
    void missingImageFile() {
        Path images = dir.resolve("nope-images");
        MnistDataException e = fails(images, goodLabels(1), IdxReader.ANY_SIZE);
        assertEquals(images + ": file not found", e.getMessage());
    }

    @Test
    void missingLabelFileIsReportedBeforeReadingImages() {
        Path labels = dir.resolve("nope-labels");
        Path images = write(dir, "img", images(1, 28, 28));
        MnistDataException e = fails(images, labels, IdxReader.ANY_SIZE);
        assertEquals(labels + ": file not found", e.getMessage());
    }

    @Test
    void directoryInsteadOfFile() {
        MnistDataException e = fails(dir, goodLabels(1), IdxReader.ANY_SIZE);
        assertEquals(dir + ": is a directory, expected an IDX file", e.getMessage());
    }

    @Test
    void labelFileGivenAsImageFile() {
        Path labels = goodLabels(3);
        MnistDataException e = fails(labels, labels, IdxReader.ANY_SIZE);
        assertEquals(labels + ": wrong magic number: expected 0x00000803 (IDX image file), "
                + "found 0x00000801 (an IDX label file)", e.getMessage());
    }

    @Test
    void wrongMagicInGzippedLabelFile() {
        Path images = write(dir, "img", images(1, 28, 28));
        Path labels = write(dir, "lab.gz", gzip(concat(header(0x12345678, 1), new byte[] {1})));
        MnistDataException e = fails(images, labels, IdxReader.ANY_SIZE);
        assertEquals(labels + ": wrong magic number: expected 0x00000801 (IDX label file), "
                + "found 0x12345678 (not an IDX file of unsigned bytes)", e.getMessage());
    }

    @Test
    void textFileIsNotAnIdxFile() {
        Path images = write(dir, "img", "hello, world\n".getBytes(StandardCharsets.US_ASCII));
        MnistDataException e = fails(images, goodLabels(1), IdxReader.ANY_SIZE);
        assertEquals(images + ": wrong magic number: expected 0x00000803 (IDX image file), "
                + "found 0x68656C6C (not an IDX file of unsigned bytes)", e.getMessage());
    }

    @Test
    void emptyFile() {
        Path images = write(dir, "img", new byte[0]);
        MnistDataException e = fails(images, goodLabels(1), IdxReader.ANY_SIZE);
        assertEquals(images + ": truncated: expected a 16-byte IDX image header, found 0 bytes", e.getMessage());
    }

    @Test
    void truncatedHeader() {
        Path images = write(dir, "img", Arrays.copyOf(images(1, 28, 28), 10));
        MnistDataException e = fails(images, goodLabels(1), IdxReader.ANY_SIZE);
        assertEquals(images + ": truncated: expected a 16-byte IDX image header, found 10 bytes", e.getMessage());
    }

    @Test
    void truncatedHeaderInsideGzip() {
        Path labels = write(dir, "lab.gz", gzip(Arrays.copyOf(labels(4), 6)));
        MnistDataException e = assertThrows(MnistDataException.class, () -> IdxReader.readLabels(IdxReader.Source.file(labels)));
        assertEquals(labels + ": truncated: expected a 8-byte IDX label header, found 6 bytes after decompression",
                e.getMessage());
    }

    @Test
    void truncatedRawImages() {
        byte[] full = images(10, 28, 28);
        Path images = write(dir, "img", Arrays.copyOf(full, 16 + 5 * 784));
        MnistDataException e = fails(images, goodLabels(10), IdxReader.ANY_SIZE);
        assertEquals(images + ": truncated: expected 7840 bytes of pixel data (10 images of 28x28), found 3920",
                e.getMessage());
    }

    @Test
    void truncatedDataInsideCompleteGzipStream() {
        byte[] full = images(10, 28, 28);
        Path images = write(dir, "img.gz", gzip(Arrays.copyOf(full, 16 + 5 * 784)));
        MnistDataException e = fails(images, goodLabels(10), IdxReader.ANY_SIZE);
        assertEquals(images + ": truncated: expected 7840 bytes of pixel data (10 images of 28x28), "
                + "found 3920 before the gzip stream ends", e.getMessage());
    }

    @Test
    void cutOffGzipStream() {
        byte[] gz = gzip(images(200, 28, 28));
        Path images = write(dir, "img.gz", Arrays.copyOf(gz, gz.length / 2));
        MnistDataException e = fails(images, goodLabels(200), IdxReader.ANY_SIZE);
        assertTrue(e.getMessage().startsWith(images + ": truncated: expected 156800 bytes of pixel data "
                + "(200 images of 28x28), found "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" before the gzip stream ends"), e.getMessage());
    }

    @Test
    void gzipStreamMissingItsTrailer() {
        byte[] gz = gzip(images(2, 28, 28));
        Path images = write(dir, "img.gz", Arrays.copyOf(gz, gz.length - 8));
        MnistDataException e = fails(images, goodLabels(2), IdxReader.ANY_SIZE);
        assertEquals(images + ": truncated: the gzip stream ends before its trailer", e.getMessage());
    }

    @Test
    void corruptGzipChecksum() {
        byte[] gz = gzip(images(2, 28, 28));
        gz[gz.length - 8] ^= 0x55; // first byte of the CRC-32 in the trailer
        Path images = write(dir, "img.gz", gz);
        MnistDataException e = fails(images, goodLabels(2), IdxReader.ANY_SIZE);
        assertEquals(images + ": corrupt gzip data: Corrupt GZIP trailer", e.getMessage());
    }

    @Test
    void truncatedLabels() {
        Path images = write(dir, "img", images(4, 28, 28));
        Path labels = write(dir, "lab", Arrays.copyOf(labels(4), 8 + 3));
        MnistDataException e = fails(images, labels, IdxReader.ANY_SIZE);
        assertEquals(labels + ": truncated: expected 4 bytes of labels, found 3", e.getMessage());
    }

    @Test
    void countMismatchNamesBothFiles() {
        Path images = write(dir, "img.gz", gzip(images(10, 28, 28)));
        Path labels = write(dir, "lab", labels(9));
        MnistDataException e = fails(images, labels, MnistSource.PIXELS);
        assertEquals(images + " has 10 images but " + labels + " has 9 labels", e.getMessage());
    }

    @Test
    void labelOutOfRange() {
        byte[] lab = labels(6);
        lab[8 + 3] = 12;
        Path images = write(dir, "img", images(6, 28, 28));
        Path labels = write(dir, "lab", lab);
        MnistDataException e = fails(images, labels, IdxReader.ANY_SIZE);
        assertEquals(labels + ": label #3 is 12, expected 0-9", e.getMessage());
    }

    @Test
    void labelAbove127IsReportedUnsigned() {
        byte[] lab = labels(2);
        lab[8 + 1] = (byte) 200;
        Path labels = write(dir, "lab", lab);
        MnistDataException e = fails(write(dir, "img", images(2, 28, 28)), labels, IdxReader.ANY_SIZE);
        assertEquals(labels + ": label #1 is 200, expected 0-9", e.getMessage());
    }

    @Test
    void wrongImageSizeWhenSizeIsRequired() {
        Path images = write(dir, "img", images(2, 32, 32));
        Path labels = goodLabels(2);
        MnistDataException e = fails(images, labels, MnistSource.PIXELS);
        assertEquals(images + ": images are 32x32 = 1024 pixels, expected 784 (28x28)", e.getMessage());
        // Without the requirement the same files are fine.
        assertEquals(32, IdxReader.read(images, labels).rows());
    }

    @Test
    void zeroImages() {
        Path images = write(dir, "img", header(IdxReader.IMAGES_MAGIC, 0, 28, 28));
        MnistDataException e = fails(images, goodLabels(1), IdxReader.ANY_SIZE);
        assertEquals(images + ": header declares 0 images", e.getMessage());
    }

    @Test
    void zeroSizedImages() {
        Path images = write(dir, "img", header(IdxReader.IMAGES_MAGIC, 3, 0, 28));
        MnistDataException e = fails(images, goodLabels(3), IdxReader.ANY_SIZE);
        assertEquals(images + ": header declares images of 0x28 pixels", e.getMessage());
    }

    @Test
    void hostileDimensionsInRawFileAllocateNothingLarge() {
        // 0xFFFFFFFF in every dimension: about 7.9e28 bytes declared, 100 present.
        Path images = write(dir, "img", concat(header(IdxReader.IMAGES_MAGIC, -1, -1, -1), new byte[100]));
        long before = TestIdx.allocatedBytes();
        MnistDataException e = fails(images, goodLabels(1), IdxReader.ANY_SIZE);
        long allocated = TestIdx.allocatedBytes() - before;
        assertEquals(images + ": header declares a count of 4294967295 images, which is negative as the signed "
                + "32-bit count IDX files use (-1); not a valid IDX file", e.getMessage());
        assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes");
    }

    @Test
    void hostileDimensionsInGzipBeyondAnyArray() {
        Path images = write(dir, "img.gz", gzip(concat(header(IdxReader.IMAGES_MAGIC, 1, 1 << 16, 1 << 16),
                new byte[100])));
        MnistDataException e = fails(images, goodLabels(1), IdxReader.ANY_SIZE);
        assertEquals(images + ": header declares 4294967296 bytes of pixel data (1 images of 65536x65536), "
                + "more than one Java array can hold", e.getMessage());
    }

    @Test
    void hostileCountInGzipOnlyAllocatesWhatArrives() {
        // 2.7 million images = 2.1 GB declared, just under the array limit; 1 000 bytes present.
        int count = 2_700_000;
        Path images = write(dir, "img.gz", gzip(concat(header(IdxReader.IMAGES_MAGIC, count, 28, 28), new byte[1000])));
        long before = TestIdx.allocatedBytes();
        MnistDataException e = fails(images, goodLabels(1), MnistSource.PIXELS);
        long allocated = TestIdx.allocatedBytes() - before;
        assertEquals(images + ": truncated: expected 2116800000 bytes of pixel data (2700000 images of 28x28), "
                + "found 1000 before the gzip stream ends", e.getMessage());
        assertTrue(allocated < 8 << 20, "allocated " + allocated + " bytes");
    }

    @Test
    void hostileLabelCount() {
        Path images = write(dir, "img", images(1, 28, 28));
        Path labels = write(dir, "lab", concat(header(IdxReader.LABELS_MAGIC, -1), new byte[] {1, 2}));
        MnistDataException e = fails(images, labels, IdxReader.ANY_SIZE);
        assertEquals(labels + ": header declares a count of 4294967295 labels, which is negative as the signed "
                + "32-bit count IDX files use (-1); not a valid IDX file", e.getMessage());
    }

    @Test
    void largeGzipFileIsReadWhole() {
        // More than the first 1 MiB slice, and not a power of two: the trailer confirms the count, so the
        // data goes into one array of its size.
        int count = 3000;
        byte[] img = images(count, 28, 28);
        Dataset d = IdxReader.read(write(dir, "img.gz", gzip(img)), write(dir, "lab.gz", gzip(labels(count))));
        assertEquals(count, d.count());
        assertArrayEquals(Arrays.copyOfRange(img, 16, img.length), d.images());
    }

    @Test
    void aGzipFileWhoseTrailerDoesNotRecordTheLengthIsReadByGrowingTheBuffer() {
        // Two members: the last trailer records only the second's length, so the header's count is not
        // confirmed and the buffer grows from its first 1 MiB slice, as for a stream of unknown length.
        int count = 3000;
        byte[] img = images(count, 28, 28);
        int cut = img.length / 3;
        Path images = write(dir, "img.gz", concat(gzip(Arrays.copyOf(img, cut)),
                gzip(Arrays.copyOfRange(img, cut, img.length))));
        Dataset d = IdxReader.read(images, write(dir, "lab.gz", gzip(labels(count))));
        assertArrayEquals(Arrays.copyOfRange(img, 16, img.length), d.images());
        MnistDataException e = fails(write(dir, "short.gz", concat(gzip(Arrays.copyOf(img, cut)),
                gzip(Arrays.copyOfRange(img, cut, img.length - 784)))), goodLabels(count), IdxReader.ANY_SIZE);
        assertTrue(e.getMessage().contains("truncated: expected 2352000 bytes of pixel data"), e.getMessage());
    }

    @Test
    void aRawFileIsReadInPiecesOfAtMost64KiB() {
        // One read of a whole payload makes a file channel allocate, and keep, a direct buffer of its size.
        byte[] img = images(300, 28, 28);
        int[] largest = {0};
        IdxReader.Source source = new IdxReader.Source("img", () -> new ByteArrayInputStream(img) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                largest[0] = Math.max(largest[0], len);
                return super.read(b, off, len);
            }
        }, img.length);
        IdxReader.Images read = IdxReader.readImages(source, IdxReader.ANY_SIZE);
        assertArrayEquals(Arrays.copyOfRange(img, 16, img.length), read.pixels());
        assertTrue(largest[0] <= 1 << 16, "largest read " + largest[0]);
    }

    @Test
    void trailingBytesAfterTheDeclaredDataAreRefused() {
        Path images = write(dir, "img", concat(images(2, 28, 28), new byte[] {9, 9, 9}));
        MnistDataException e = fails(images, goodLabels(2), IdxReader.ANY_SIZE);
        assertEquals(images + ": has 3 bytes after the 1568 bytes of pixel data (2 images of 28x28) its header "
                + "declares; the count in the header does not match the file", e.getMessage());
        Path gz = write(dir, "img2.gz", gzip(concat(images(2, 28, 28), new byte[] {9})));
        MnistDataException g = fails(gz, goodLabels(2), IdxReader.ANY_SIZE);
        assertTrue(g.getMessage().startsWith(gz + ": has more data after the 1568 bytes"), g.getMessage());
    }

    @Test
    void aDirectoryWhereAnIdxFileShouldBeIsCalledADirectory() throws Exception {
        Path d = dir.resolve("data");
        Files.createDirectories(d.resolve("train-images-idx3-ubyte"));
        MnistDataException e = assertThrows(MnistDataException.class, () -> MnistSource.fromDirectory(d));
        assertEquals(d.resolve("train-images-idx3-ubyte") + ": is a directory, expected the IDX file "
                + "train-images-idx3-ubyte", e.getMessage());
    }
}
