package dev.jgrad.learn.data;

import dev.jgrad.io.AtomicFile;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files: unsigned-byte image files (magic {@code 0x00000803}: count, rows,
 * cols, then the pixels) and label files (magic {@code 0x00000801}: count, then one byte per
 * label), each either raw or gzipped. Gzip is recognised by its magic bytes, not by the file name.
 *
 * <p>Every problem is reported as a {@link MnistDataException} whose one-line message names the
 * file and says what is wrong. The header is checked against the bytes really present before
 * anything large is allocated, so a corrupt or hostile header cannot trigger an
 * {@link OutOfMemoryError}: raw files are checked against their length, and gzipped ones are
 * decoded into a buffer that only grows as real data arrives.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned bytes with three dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with one dimension. */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Labels must lie in {@code 0 .. NUM_CLASSES - 1}. */
    public static final int NUM_CLASSES = 10;
    /** Pass as {@code requiredPixels} to accept images of any size. */
    public static final int ANY_SIZE = -1;

    static final int IMAGES_HEADER = 16;
    static final int LABELS_HEADER = 8;
    // The largest array length HotSpot reliably grants.
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    // First slice of the buffer for data of unknown length; it doubles as data keeps coming.
    private static final int FIRST_CHUNK = 1 << 20;
    private static final int IO_BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** Reads an image file and its label file; images may have any size. */
    public static Dataset read(Path images, Path labels) {
        return read(images, labels, ANY_SIZE);
    }

    /**
     * Reads an image file and its label file.
     *
     * @param requiredPixels pixels each image must have ({@code 784} for 28x28), or {@link #ANY_SIZE}
     * @throws MnistDataException if either file is missing or malformed, or the counts differ
     */
    public static Dataset read(Path images, Path labels, int requiredPixels) {
        // Check both before reading either: a missing label file should not cost a 47 MB read first.
        Source imageSource = Source.file(images);
        Source labelSource = Source.file(labels);
        return read(imageSource, labelSource, requiredPixels);
    }

    static Dataset read(Source images, Source labels, int requiredPixels) {
        Images img = readImages(images, requiredPixels);
        byte[] lab = readLabels(labels);
        if (img.count() != lab.length) {
            throw new MnistDataException(images.name() + " has " + img.count() + " images but "
                    + labels.name() + " has " + lab.length + " labels");
        }
        return new Dataset(img.pixels(), lab, img.count(), img.rows(), img.cols());
    }

    /** Pixels of one IDX image file. */
    record Images(byte[] pixels, int count, int rows, int cols) {
    }

    static Images readImages(Source source, int requiredPixels) {
        try (Input in = Input.open(source)) {
            int magic = in.readMagic(IMAGES_HEADER, "image");
            if (magic != IMAGES_MAGIC) {
                throw in.fail("wrong magic number: expected " + hex(IMAGES_MAGIC)
                        + " (IDX image file), found " + hex(magic) + hint(magic));
            }
            byte[] dims = in.readHeaderRest(IMAGES_HEADER, "image");
            long count = u32(dims, 0);
            long rows = u32(dims, 4);
            long cols = u32(dims, 8);
            if (count == 0) {
                throw in.fail("header declares 0 images");
            }
            if (count > Integer.MAX_VALUE) {
                throw in.fail(negativeCount(count, "images"));
            }
            if (rows == 0 || cols == 0) {
                throw in.fail("header declares images of " + rows + "x" + cols + " pixels");
            }
            long perImage = rows * cols; // both < 2^32, so at most 2^64: check before trusting it
            if (requiredPixels != ANY_SIZE && (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE
                    || perImage != requiredPixels)) {
                throw in.fail("images are " + rows + "x" + cols + " = "
                        + Long.toUnsignedString(perImage) + " pixels, expected " + requiredPixels
                        + sideHint(requiredPixels));
            }
            long payload = saturatingMultiply(saturatingMultiply(count, rows), cols);
            // Exact even where the long saturated, so a hostile header is reported as it is.
            BigInteger exact = BigInteger.valueOf(count).multiply(BigInteger.valueOf(rows))
                    .multiply(BigInteger.valueOf(cols));
            String what = exact + " bytes of pixel data (" + count + " images of " + rows + "x" + cols + ")";
            byte[] pixels = in.readPayload(payload, what);
            return new Images(pixels, (int) count, (int) rows, (int) cols);
        }
    }

    static byte[] readLabels(Source source) {
        try (Input in = Input.open(source)) {
            int magic = in.readMagic(LABELS_HEADER, "label");
            if (magic != LABELS_MAGIC) {
                throw in.fail("wrong magic number: expected " + hex(LABELS_MAGIC)
                        + " (IDX label file), found " + hex(magic) + hint(magic));
            }
            long count = u32(in.readHeaderRest(LABELS_HEADER, "label"), 0);
            if (count == 0) {
                throw in.fail("header declares 0 labels");
            }
            if (count > Integer.MAX_VALUE) {
                throw in.fail(negativeCount(count, "labels"));
            }
            byte[] labels = in.readPayload(count, count + " bytes of labels");
            for (int i = 0; i < labels.length; i++) {
                int value = labels[i] & 0xFF;
                if (value >= NUM_CLASSES) {
                    throw in.fail("label #" + i + " is " + value + ", expected 0-" + (NUM_CLASSES - 1));
                }
            }
            return labels;
        }
    }

    /** Where an IDX file comes from: a name for messages, how to open it, its length if known. */
    record Source(String name, Opener opener, long length) {
        Source {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(opener, "opener");
        }

        static Source file(Path path) {
            Objects.requireNonNull(path, "path");
            if (Files.isDirectory(path)) {
                throw new MnistDataException(path + ": is a directory, expected an IDX file");
            }
            if (!Files.exists(path)) {
                throw new MnistDataException(path + ": file not found");
            }
            long length;
            try {
                length = Files.size(path);
            } catch (IOException e) {
                throw new MnistDataException(path + ": cannot read: " + describe(e), e);
            }
            return new Source(path.toString(), () -> Files.newInputStream(path), length);
        }

        /** A stream of unknown length, such as a classpath resource. */
        static Source stream(String name, Opener opener) {
            return new Source(name, opener, -1);
        }
    }

    /** Opens a fresh stream on each call. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /** An open IDX stream, decoded from gzip if needed, with the length left if that is known. */
    private static final class Input implements AutoCloseable {
        private final String name;
        private final InputStream in;
        private final boolean gzip;
        private final Opener opener;
        // The file's own length (compressed, for gzip) if known; -1 otherwise.
        private final long fileLength;
        // Bytes left to read when the source is raw and its length known; -1 otherwise.
        private long remaining;
        // Bytes read so far (decompressed, for gzip).
        private long read;

        private Input(Source source, InputStream in, boolean gzip, long remaining) {
            this.name = source.name();
            this.opener = source.opener();
            this.fileLength = source.length();
            this.in = in;
            this.gzip = gzip;
            this.remaining = remaining;
        }

        static Input open(Source source) {
            InputStream raw;
            try {
                raw = source.opener().open();
            } catch (IOException e) {
                throw new MnistDataException(source.name() + ": cannot read: " + describe(e), e);
            }
            if (raw == null) {
                throw new MnistDataException(source.name() + ": file not found");
            }
            try {
                BufferedInputStream buffered = new BufferedInputStream(raw, IO_BUFFER);
                buffered.mark(2);
                int b0 = buffered.read();
                int b1 = buffered.read();
                buffered.reset();
                if (b0 == 0x1f && b1 == 0x8b) {
                    return new Input(source, new GZIPInputStream(buffered, IO_BUFFER), true, -1);
                }
                return new Input(source, buffered, false, source.length());
            } catch (EOFException e) {
                closeQuietly(raw);
                throw new MnistDataException(source.name() + ": truncated: the gzip header is incomplete", e);
            } catch (IOException e) {
                closeQuietly(raw);
                throw new MnistDataException(source.name() + ": cannot read: " + describe(e), e);
            }
        }

        MnistDataException fail(String problem) {
            return new MnistDataException(name + ": " + problem);
        }

        int readMagic(int headerSize, String kind) {
            byte[] magic = new byte[4];
            int n = readUpTo(magic, 0, 4);
            if (n < 4) {
                throw truncatedHeader(headerSize, kind, n);
            }
            return (int) u32(magic, 0);
        }

        byte[] readHeaderRest(int headerSize, String kind) {
            byte[] rest = new byte[headerSize - 4];
            int n = readUpTo(rest, 0, rest.length);
            if (n < rest.length) {
                throw truncatedHeader(headerSize, kind, 4 + n);
            }
            return rest;
        }

        private MnistDataException truncatedHeader(int headerSize, String kind, int found) {
            return fail("truncated: expected a " + headerSize + "-byte IDX " + kind + " header, found "
                    + found + " bytes" + (gzip ? " after decompression" : ""));
        }

        /**
         * Reads the data after the header.
         *
         * @param expected byte count the header declares, saturated at {@code Long.MAX_VALUE}
         * @param what that count in words, for messages
         */
        byte[] readPayload(long expected, String what) {
            if (remaining >= 0 && expected > remaining) {
                throw fail("truncated: expected " + what + ", found " + remaining);
            }
            if (expected > MAX_ARRAY) {
                throw fail("header declares " + what + ", more than one Java array can hold");
            }
            int size = (int) expected;
            byte[] data;
            int n;
            if (remaining >= 0 || trailerConfirms(size)) {
                // The file is long enough (or its gzip trailer records this length): this allocation is backed
                // by real bytes.
                data = new byte[size];
                n = readUpTo(data, 0, size);
            } else {
                data = new byte[Math.min(size, FIRST_CHUNK)];
                n = 0;
                while (n < size) {
                    if (n == data.length) {
                        data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
                    }
                    int r = readUpTo(data, n, data.length - n);
                    n += r;
                    if (n < data.length) {
                        break; // the stream ended
                    }
                }
            }
            if (n < size) {
                throw fail("truncated: expected " + what + ", found " + n
                        + (gzip ? " before the gzip stream ends" : ""));
            }
            if (gzip) {
                checkGzipEnd(what);
            } else if (remaining > 0) {
                throw fail(trailing(remaining + " bytes", what));
            }
            return data;
        }

        /**
         * Whether a gzip file's last trailer says the data ends {@code size} bytes from here: its ISIZE field
         * (the decompressed length modulo 2³²) equals what was read plus {@code size}, and deflate (which
         * expands at most 1032-fold) could make that much of the file. Then the data is read into one array
         * of its size, not into one that doubles as data comes: for Fashion-MNIST's 47 MB of training images
         * the doubling left 63 MB of smaller copies for the collector, which filled the old generation while
         * the data loaded: the peak resident size of {@code mnist --epochs 5} was 254–268 MB with the doubling
         * and is 219–228 MB without it. A header alone is not trusted that far: a corrupt count would
         * allocate up to 2 GB before the data ran out.
         */
        private boolean trailerConfirms(int size) {
            if (!gzip || fileLength < 18 || size > 1032.0 * fileLength) {
                return false;
            }
            try (InputStream raw = opener.open()) {
                if (raw == null) {
                    return false;
                }
                raw.skipNBytes(fileLength - 4);
                byte[] b = raw.readNBytes(4);
                if (b.length < 4) {
                    return false;
                }
                long isize = (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
                return isize == ((read + size) & 0xFFFFFFFFL);
            } catch (IOException e) {
                return false; // read as if unconfirmed: that read reports what is wrong with the file
            }
        }

        // GZIPInputStream checks the CRC only when it reaches the trailer, so read up to it.
        private void checkGzipEnd(String what) {
            try {
                if (in.read() >= 0) {
                    throw fail(trailing("more data", what));
                }
                long garbage;
                try (InputStream raw = opener.open()) {
                    garbage = GzipTail.trailingBytes(raw);
                }
                if (garbage > 0) {
                    throw fail(garbage + " bytes of trailing garbage after the gzip stream");
                }
            } catch (EOFException e) {
                throw fail("truncated: the gzip stream ends before its trailer");
            } catch (ZipException e) {
                throw fail("corrupt gzip data: " + e.getMessage());
            } catch (IOException e) {
                throw new MnistDataException(name + ": cannot read: " + describe(e), e);
            }
        }

        /**
         * Reads until {@code len} bytes or the end of the data; returns how many were read. At most
         * 64 KiB ({@code IO_BUFFER}) a call: a file's stream reads through a temporary direct buffer the size of
         * the request, which the JDK then keeps for the thread (47 MB outside the heap, for the whole run, when
         * MNIST's raw training images were read in one call).
         */
        private int readUpTo(byte[] buf, int off, int len) {
            int total = 0;
            try {
                while (total < len) {
                    int r = in.read(buf, off + total, Math.min(len - total, IO_BUFFER));
                    if (r < 0) {
                        break;
                    }
                    total += r;
                }
            } catch (EOFException e) {
                // GZIPInputStream signals a cut-off stream this way; the caller reports the shortfall.
            } catch (ZipException e) {
                throw fail("corrupt gzip data: " + e.getMessage());
            } catch (IOException e) {
                throw new MnistDataException(name + ": cannot read: " + describe(e), e);
            }
            if (remaining >= 0) {
                remaining -= total;
            }
            read += total;
            return total;
        }

        @Override
        public void close() {
            closeQuietly(in);
        }
    }

    // A file longer than its header says is refused: the count, or the file, is not what it seems.
    private static String trailing(String extra, String what) {
        return "has " + extra + " after the " + what + " its header declares; the count in the header "
                + "does not match the file";
    }

    private static String negativeCount(long count, String what) {
        return "header declares a count of " + count + " " + what + ", which is negative as the signed 32-bit "
                + "count IDX files use (" + (int) count + "); not a valid IDX file";
    }

    static long u32(byte[] b, int off) {
        return ((b[off] & 0xFFL) << 24) | ((b[off + 1] & 0xFFL) << 16)
                | ((b[off + 2] & 0xFFL) << 8) | (b[off + 3] & 0xFFL);
    }

    static String hex(int value) {
        return String.format("0x%08X", value);
    }

    private static String hint(int magic) {
        if (magic == IMAGES_MAGIC) {
            return " (an IDX image file)";
        }
        if (magic == LABELS_MAGIC) {
            return " (an IDX label file)";
        }
        return " (not an IDX file of unsigned bytes)";
    }

    private static String sideHint(int pixels) {
        int side = (int) Math.round(Math.sqrt(pixels));
        return side * side == pixels ? " (" + side + "x" + side + ")" : "";
    }

    private static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    /**
     * Whether two files hold the same bytes once decompressed (either may be gzipped). Read in
     * pieces, so it costs no more memory than a buffer per file.
     */
    static boolean sameContent(Path a, Path b) {
        try (Input x = Input.open(Source.file(a)); Input y = Input.open(Source.file(b))) {
            byte[] bx = new byte[IO_BUFFER];
            byte[] by = new byte[IO_BUFFER];
            while (true) {
                int nx = x.readUpTo(bx, 0, bx.length);
                int ny = y.readUpTo(by, 0, by.length);
                if (nx != ny || !Arrays.equals(bx, 0, nx, by, 0, ny)) {
                    return false;
                }
                if (nx < bx.length) {
                    return true;
                }
            }
        }
    }

    static String describe(Throwable e) {
        if (e instanceof FileSystemException fs) {
            return AtomicFile.reason(fs); // its message is only the path, which the caller already names
        }
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Nothing useful to add to the error already being reported, or to a successful read.
        }
    }
}
