package dev.jgrad.nn.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random-access reads from a file or a byte array, so both are parsed by the same code. */
interface ByteSource {
    long size() throws IOException;

    /** Fills {@code dst} from {@code position} on. */
    void readFully(long position, ByteBuffer dst) throws IOException;

    static ByteSource of(FileChannel ch) {
        return new ByteSource() {
            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public void readFully(long position, ByteBuffer dst) throws IOException {
                long p = position;
                while (dst.hasRemaining()) {
                    int n = ch.read(dst, p);
                    if (n < 0) {
                        throw new EOFException("the file ended at byte " + p + " while reading (was it changed during the read?)");
                    }
                    p += n;
                }
            }
        };
    }

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void readFully(long position, ByteBuffer dst) {
                dst.put(bytes, (int) position, dst.remaining());
            }
        };
    }
}
