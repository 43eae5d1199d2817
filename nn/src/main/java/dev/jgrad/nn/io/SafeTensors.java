package dev.jgrad.nn.io;

import dev.jgrad.io.AtomicFile;
import dev.jgrad.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format, so tensors move between jgrad and PyTorch
 * ({@code safetensors.torch.save_file} / {@code load_file}) without pickle.
 *
 * <p>Layout: 8 bytes N (unsigned, little-endian), then N bytes of UTF-8 JSON mapping each tensor
 * name to {@code {"dtype": "F32"|"F64", "shape": [...], "data_offsets": [begin, end]}} (byte
 * offsets relative to the end of the header) plus an optional {@code "__metadata__"} object of
 * strings, then the raw little-endian row-major data. jgrad writes what the reference writer writes,
 * byte for byte: compact JSON padded with spaces to a multiple of 8, tensors ordered by dtype size
 * (F64 first) then name, offsets contiguous from 0.
 *
 * <p>Reading trusts nothing: the header length, the JSON, every dtype, shape and offset are checked
 * before any tensor is allocated, and allocation is bounded by the actual file size, so a hostile
 * or damaged file fails with a {@link SafeTensorsException} naming the file and the problem.
 */
public final class SafeTensors {
    /** The reference reader's limit on the header; a larger declared length is refused unread. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private SafeTensors() {}

    /** A file's tensors (in file order) and its {@code __metadata__} (empty if it has none). */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code tensors} to {@code file} atomically (see {@link #save(Map, Map, Path)}). */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        save(tensors, Map.of(), file);
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file}, replacing it atomically: the
     * bytes go to a temporary file in the same directory that is then renamed, so a crash never
     * leaves a truncated checkpoint behind.
     */
    public static void save(Map<String, Tensor> tensors, Map<String, String> metadata, Path file) throws IOException {
        Prepared p = prepare(tensors, metadata);
        AtomicFile.write(file, ch -> p.writeTo(ch));
    }

    /** The exact bytes {@link #save} writes. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Prepared p = prepare(tensors, metadata);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            p.writeTo(Channels.newChannel(out));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private record Prepared(Map<String, Tensor> tensors, List<Entry> entries, byte[] header) {
        void writeTo(WritableByteChannel ch) throws IOException {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            while (length.hasRemaining()) {
                ch.write(length);
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            while (h.hasRemaining()) {
                ch.write(h);
            }
            for (Entry e : entries) {
                DataCodec.write(tensors.get(e.name()), ch);
            }
        }
    }

    private static Prepared prepare(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("safetensors: null tensor name or value");
            }
            requireUnicode("tensor name", e.getKey());
            if (e.getKey().equals(HeaderCodec.METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors: \"" + HeaderCodec.METADATA_KEY + "\" is reserved and cannot name a tensor");
            }
        }
        // The reference keeps metadata in a hash map (arbitrary order); sorting makes jgrad's output reproducible.
        Map<String, String> sortedMeta = new TreeMap<>(Comparator.naturalOrder());
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            if (m.getKey() == null || m.getValue() == null) {
                throw new IllegalArgumentException("safetensors: null metadata key or value");
            }
            requireUnicode("metadata key", m.getKey());
            requireUnicode("metadata value", m.getValue());
            sortedMeta.put(m.getKey(), m.getValue());
        }
        List<Entry> entries = Layout.assign(tensors);
        return new Prepared(Map.copyOf(tensors), entries, HeaderCodec.encode(entries, sortedMeta));
    }

    /** An unpaired surrogate has no UTF-8 form; encoding would silently turn it into '?' and rename the tensor. */
    private static void requireUnicode(String what, String s) {
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException("safetensors: " + what + " \"" + s + "\" is not valid Unicode (unpaired surrogate)");
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads every tensor of {@code file}; malformed files throw {@link SafeTensorsException}. */
    public static Contents load(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ByteSource.of(ch), file.toString());
        }
    }

    /** Parses safetensors bytes; {@code source} names them in error messages. */
    public static Contents fromBytes(byte[] bytes, String source) throws SafeTensorsException {
        try {
            return read(ByteSource.of(bytes), source);
        } catch (SafeTensorsException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    private static Contents read(ByteSource src, String source) throws IOException {
        long size = src.size();
        if (size < 8) {
            throw new SafeTensorsException(source, "truncated header: the file has " + size
                    + " bytes, fewer than the 8 that hold the header length");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        src.readFully(0, lengthBytes);
        long n = lengthBytes.flip().getLong();
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SafeTensorsException(source, "header length " + Long.toUnsignedString(n) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (n > size - 8) {
            throw new SafeTensorsException(source, "header length " + n + " runs past the end of the file, which has " + size
                    + " bytes (at most " + (size - 8) + " after the length field)");
        }
        ByteBuffer header = ByteBuffer.allocate((int) n);
        src.readFully(8, header);
        HeaderCodec.Parsed parsed = HeaderCodec.parse(header.array(), source);
        long dataStart = 8 + n;
        Layout.validate(parsed.entries(), size - dataStart, source);
        List<Entry> byOffset = new ArrayList<>(parsed.entries());
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : byOffset) {
            tensors.put(e.name(), DataCodec.read(src, dataStart, e));
        }
        return new Contents(tensors, parsed.metadata());
    }
}
