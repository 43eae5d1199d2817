package dev.jgrad.learn.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What follows the last member of a gzip file. {@link java.util.zip.GZIPInputStream} reads member
 * after member and stops, silently, at the first bytes that do not start another one, so a file
 * with garbage after its gzip stream read as valid. This walks the members again (header, deflate
 * data, 8-byte trailer) to find where they end; the CRCs were checked by the first read.
 *
 * <p>The walk streams through one buffer of input and one of output. Reading the whole compressed
 * file into memory first (26 MB for Fashion-MNIST's training images, gathered by
 * {@code readAllBytes} in pieces that outlived young collections and were promoted into the old
 * generation while the data loaded, which then stayed that large for the whole run) made the peak
 * resident size of {@code mnist --epochs 5} about 30 MB larger: 286–296 MB against 255–269 MB with
 * this walk, the code otherwise the same (2 vCPUs, busy host).
 */
final class GzipTail {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int TRAILER = 8;
    private static final int BUFFER = 1 << 16;

    private GzipTail() {}

    /** Bytes after the last complete gzip member of {@code in}'s data (0 for a clean file). */
    static long trailingBytes(InputStream in) throws IOException {
        Bytes bytes = new Bytes(in);
        byte[] out = new byte[BUFFER];
        while (bytes.available()) {
            long start = bytes.position();
            if (!member(bytes, out)) {
                return bytes.end() - start;
            }
        }
        return 0;
    }

    /** Reads one whole member (header, deflate data, trailer); false if none starts at the position. */
    private static boolean member(Bytes b, byte[] out) throws IOException {
        if (b.read() != 0x1f || b.read() != 0x8b) {
            return false;
        }
        b.read(); // compression method
        int flags = b.read();
        if (flags < 0 || !b.skip(6)) { // modification time, extra flags, operating system
            return false;
        }
        if ((flags & FEXTRA) != 0) {
            int low = b.read(), high = b.read();
            if (high < 0 || !b.skip(low | high << 8)) {
                return false;
            }
        }
        if ((flags & FNAME) != 0 && !b.skipPastZero()) {
            return false;
        }
        if ((flags & FCOMMENT) != 0 && !b.skipPastZero()) {
            return false;
        }
        if ((flags & FHCRC) != 0 && !b.skip(2)) {
            return false;
        }
        return inflate(b, out) && b.skip(TRAILER);
    }

    /** Runs the raw deflate data through an inflater and leaves {@code b} just after it. */
    private static boolean inflate(Bytes b, byte[] out) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (!b.available()) {
                        return false;
                    }
                    inflater.setInput(b.buf, b.pos, b.lim - b.pos);
                    b.pos = b.lim;
                }
                if (inflater.inflate(out) == 0 && inflater.needsDictionary()) {
                    return false;
                }
            }
            b.pos = b.lim - inflater.getRemaining();
            return true;
        } catch (DataFormatException e) {
            return false;
        } finally {
            inflater.end();
        }
    }

    /** A stream read through one buffer, which knows its position and can count what is left. */
    private static final class Bytes {
        private final InputStream in;
        private final byte[] buf = new byte[BUFFER];
        private int pos;
        private int lim;
        /** Offset in the stream of {@code buf[0]}. */
        private long base;

        Bytes(InputStream in) {
            this.in = in;
        }

        long position() {
            return base + pos;
        }

        /** Whether unread bytes are in the buffer, refilling it when it is used up. */
        boolean available() throws IOException {
            if (pos < lim) {
                return true;
            }
            base += lim;
            pos = 0;
            lim = Math.max(0, in.read(buf));
            return lim > 0;
        }

        /** The next byte, or -1 at the end. */
        int read() throws IOException {
            return available() ? buf[pos++] & 0xff : -1;
        }

        /** Skips n bytes; false if the data ends first. */
        boolean skip(long n) throws IOException {
            while (n > 0) {
                if (!available()) {
                    return false;
                }
                int s = (int) Math.min(n, lim - pos);
                pos += s;
                n -= s;
            }
            return true;
        }

        /** Skips past the next zero byte (a header's file name or comment); false if there is none. */
        boolean skipPastZero() throws IOException {
            int c;
            do {
                c = read();
            } while (c > 0);
            return c == 0;
        }

        /** The stream's length: reads it to the end. */
        long end() throws IOException {
            long end = base + lim;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                end += n;
            }
            pos = lim = 0;
            base = end;
            return end;
        }
    }
}
