package dev.jgrad.learn.data;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static dev.jgrad.learn.data.TestIdx.concat;
import static dev.jgrad.learn.data.TestIdx.gzip;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link GzipTail} finds the end of the last gzip member while streaming: members larger than its
 * buffer, header fields of every kind, and a stream that hands out a few bytes per read (so headers,
 * deflate data and trailers straddle the buffer's refills).
 */
final class GzipTailTest {
    private static final byte[] JUNK = {'j', 'u', 'n', 'k', 0x1f};

    /** 200 000 bytes that barely compress: a member several times the walker's 64 KiB buffer. */
    private static byte[] noise() {
        byte[] b = new byte[200_000];
        new Random(7).nextBytes(b);
        return b;
    }

    private static void assertTrailing(long expected, byte[] file) throws IOException {
        assertTrailing(expected, file, "");
    }

    /** In both stream kinds: whole reads, and reads of at most 7 bytes. */
    private static void assertTrailing(long expected, byte[] file, String what) throws IOException {
        assertEquals(expected, GzipTail.trailingBytes(new ByteArrayInputStream(file)), what);
        assertEquals(expected, GzipTail.trailingBytes(new Trickle(file)), what + " (read 7 bytes at a time)");
    }

    @Test
    void aCleanFileHasNoTrailingBytes() throws IOException {
        assertTrailing(0, gzip(new byte[] {1, 2, 3}));
        assertTrailing(0, gzip(noise()));
        assertTrailing(0, gzip(new byte[0]));
        assertTrailing(0, new byte[0]);
    }

    @Test
    void membersFollowingEachOtherAreAllRead() throws IOException {
        assertTrailing(0, concat(gzip(new byte[] {1}), gzip(noise()), gzip(new byte[] {2, 3})));
    }

    @Test
    void bytesAfterTheLastMemberAreCounted() throws IOException {
        assertTrailing(JUNK.length, concat(gzip(noise()), JUNK));
        assertTrailing(JUNK.length, concat(gzip(new byte[] {1}), gzip(noise()), JUNK));
        byte[] second = gzip(new byte[] {4, 5, 6});
        assertTrailing(10, concat(gzip(noise()), Arrays.copyOf(second, 10)), "a member cut after its header");
        assertTrailing(second.length - 1, concat(gzip(noise()), Arrays.copyOf(second, second.length - 1)),
                "a member cut in its trailer");
    }

    @Test
    void aFileThatIsNoWholeMemberIsAllTrailing() throws IOException {
        byte[] one = gzip(noise());
        assertTrailing(one.length - 8, Arrays.copyOf(one, one.length - 8));
        assertTrailing(1000, Arrays.copyOf(one, 1000));
        assertTrailing(JUNK.length, JUNK);
    }

    @Test
    void optionalHeaderFieldsAreSkipped() throws IOException {
        byte[] data = noise();
        byte[] member = member(data, "train-images-idx3-ubyte", "a comment", new byte[] {9, 8, 7, 6, 5});
        assertTrailing(0, member);
        assertTrailing(0, concat(member, gzip(new byte[] {1})));
        assertTrailing(JUNK.length, concat(member, JUNK));
        // The header cut inside its extra field, then inside its file name: nothing of it is a member.
        assertTrailing(15, Arrays.copyOf(member, 15));
        assertTrailing(20, Arrays.copyOf(member, 20));
    }

    /** A gzip member (RFC 1952) with every optional header field: FEXTRA, FNAME, FCOMMENT and FHCRC. */
    private static byte[] member(byte[] data, String name, String comment, byte[] extra) {
        CRC32 crc = new CRC32();
        byte[] head = concat(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, (byte) 255},
                new byte[] {(byte) extra.length, 0}, extra,
                name.getBytes(StandardCharsets.ISO_8859_1), new byte[] {0},
                comment.getBytes(StandardCharsets.ISO_8859_1), new byte[] {0});
        crc.update(head);
        long headerCrc = crc.getValue();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buf = new byte[data.length + 1024];
        int n = deflater.deflate(buf);
        deflater.end();
        crc.reset();
        crc.update(data);
        return concat(head, le(headerCrc, 2), Arrays.copyOf(buf, n), le(crc.getValue(), 4), le(data.length, 4));
    }

    private static byte[] le(long v, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    /** A stream that returns at most 7 bytes per read. */
    private static final class Trickle extends InputStream {
        private final ByteArrayInputStream in;

        Trickle(byte[] b) {
            in = new ByteArrayInputStream(b);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 7));
        }
    }
}
