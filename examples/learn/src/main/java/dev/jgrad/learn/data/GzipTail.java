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
 */
final class GzipTail {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private GzipTail() {}

    /** Bytes after the last complete gzip member of {@code in}'s data (0 for a clean file). */
    static long trailingBytes(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int pos = 0;
        while (pos < all.length) {
            int end = memberEnd(all, pos);
            if (end < 0) {
                return all.length - (long) pos;
            }
            pos = end;
        }
        return 0;
    }

    /** Where the member starting at {@code pos} ends, or -1 if no whole member starts there. */
    private static int memberEnd(byte[] b, int pos) {
        if (b.length - pos < 18 || (b[pos] & 0xff) != 0x1f || (b[pos + 1] & 0xff) != 0x8b) {
            return -1;
        }
        int flags = b[pos + 3] & 0xff;
        int p = pos + 10;
        if ((flags & FEXTRA) != 0) {
            p += 2 + ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            p = afterZero(b, p);
        }
        if ((flags & FCOMMENT) != 0) {
            p = afterZero(b, p);
        }
        if ((flags & FHCRC) != 0) {
            p += 2;
        }
        if (p < 0 || p > b.length) {
            return -1;
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(b, p, b.length - p);
            byte[] out = new byte[1 << 16];
            while (!inflater.finished()) {
                if (inflater.inflate(out) == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return -1;
                }
            }
            int end = b.length - inflater.getRemaining() + 8;
            return end <= b.length ? end : -1;
        } catch (DataFormatException e) {
            return -1;
        } finally {
            inflater.end();
        }
    }

    private static int afterZero(byte[] b, int p) {
        while (p >= 0 && p < b.length && b[p] != 0) {
            p++;
        }
        return p >= 0 && p < b.length ? p + 1 : -1;
    }
}
