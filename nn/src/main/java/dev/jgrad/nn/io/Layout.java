package dev.jgrad.nn.io;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Where each tensor's bytes go (writing) and whether the declared byte ranges make sense (reading). */
final class Layout {
    private Layout() {}

    /**
     * The reference writer's order: larger dtypes first (so every tensor stays aligned to its element
     * size), then by name compared as UTF-8 bytes (Rust's string order); offsets follow in that order.
     */
    static List<Entry> assign(Map<String, Tensor> tensors) {
        List<Map.Entry<String, Tensor>> sorted = new ArrayList<>(tensors.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> e.getValue().dtype() == DType.FLOAT64 ? 0 : 1)
                .thenComparing((a, b) -> Arrays.compareUnsigned(utf8(a.getKey()), utf8(b.getKey()))));
        List<Entry> out = new ArrayList<>(sorted.size());
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted) {
            Tensor t = e.getValue();
            long bytes = (long) t.numel() * t.dtype().bytes();
            out.add(new Entry(e.getKey(), t.dtype(), t.shape(), offset, offset + bytes));
            offset += bytes;
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks, before any tensor is allocated, that every range lies inside the data section, holds
     * exactly shape × dtype bytes, and that the ranges tile the section with no overlap, gap or
     * trailing bytes (the reference reader's rule, so anything it rejects is rejected here too).
     */
    static void validate(List<Entry> entries, long dataLength, String source) throws SafeTensorsException {
        for (Entry e : entries) {
            String where = "tensor \"" + e.name() + "\"";
            if (e.end() > dataLength) {
                throw new SafeTensorsException(source, where + ": data_offsets [" + e.begin() + ", " + e.end()
                        + "] are out of range: the data section has " + dataLength + " bytes");
            }
            long numel = 1;
            for (int d : e.shape()) {
                numel *= d;
                if (numel > Integer.MAX_VALUE) {
                    throw new SafeTensorsException(source, where + ": shape " + Shape.str(e.shape())
                            + " has more elements than a jgrad tensor can hold (" + Integer.MAX_VALUE + ")");
                }
            }
            long needed = numel * e.dtype().bytes();
            if (needed != e.byteLength()) {
                throw new SafeTensorsException(source, where + ": shape " + Shape.str(e.shape()) + " of " + Entry.code(e.dtype())
                        + " needs " + needed + " bytes, but data_offsets [" + e.begin() + ", " + e.end() + "] hold " + e.byteLength());
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.begin() < covered) {
                throw new SafeTensorsException(source, "tensors \"" + previous.name() + "\" and \"" + e.name() + "\" overlap: data_offsets ["
                        + previous.begin() + ", " + previous.end() + "] and [" + e.begin() + ", " + e.end() + "]");
            }
            if (e.begin() > covered) {
                throw new SafeTensorsException(source, "bytes " + covered + " to " + e.begin()
                        + " of the data section belong to no tensor (offsets must be contiguous)");
            }
            covered = e.end();
            previous = e;
        }
        if (covered != dataLength) {
            throw new SafeTensorsException(source, "the data section has " + dataLength + " bytes but the tensors cover only "
                    + covered + " (the last " + (dataLength - covered) + " belong to no tensor)");
        }
    }
}
