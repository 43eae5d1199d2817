package dev.jgrad.nn.io;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bytes jgrad writes, checked against the format and the reference implementation's own test vectors. */
class SafeTensorsFormatTest {

    /*
     * Expected bytes from the unit tests of the reference implementation (huggingface/safetensors,
     * safetensors/src/tensor.rs: test_serialization, test_serialization_forced_alignement, test_empty).
     */
    private static final int[] ATTN_DOT_0 = {
        64, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 46, 48, 34, 58, 123, 34, 100,
        116, 121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34,
        58, 91, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102, 115,
        101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 0, 0, 0, 0, 0, 0, 128, 63,
        0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0, 160, 64};
    private static final int[] ATTN0_PADDED = {
        72, 0, 0, 0, 0, 0, 0, 0, 123, 34, 97, 116, 116, 110, 48, 34, 58, 123, 34, 100, 116,
        121, 112, 101, 34, 58, 34, 70, 51, 50, 34, 44, 34, 115, 104, 97, 112, 101, 34, 58,
        91, 49, 44, 49, 44, 50, 44, 51, 93, 44, 34, 100, 97, 116, 97, 95, 111, 102, 102,
        115, 101, 116, 115, 34, 58, 91, 48, 44, 50, 52, 93, 125, 125, 32, 32, 32, 32, 32,
        32, 32, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64, 0, 0,
        160, 64};
    private static final int[] EMPTY = {8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32};
    private static final int[] EMPTY_WITH_METADATA = {
        40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95,
        95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112,
        116, 34, 125, 125, 32, 32, 32, 32, 32};

    private static final float[] ZERO_TO_FIVE = {0, 1, 2, 3, 4, 5};

    @Test
    void oneFloat32TensorMatchesTheReferenceBytes() {
        byte[] out = SafeTensors.toBytes(Map.of("attn.0", Tensor.of(ZERO_TO_FIVE, 1, 2, 3)), Map.of());
        assertArrayEquals(bytes(ATTN_DOT_0), out);
    }

    @Test
    void headerIsPaddedWithSpacesToEightBytesAsTheReferenceDoes() {
        byte[] out = SafeTensors.toBytes(Map.of("attn0", Tensor.of(ZERO_TO_FIVE, 1, 1, 2, 3)), Map.of());
        assertArrayEquals(bytes(ATTN0_PADDED), out);
    }

    @Test
    void emptyFilesMatchTheReferenceBytes() {
        assertArrayEquals(bytes(EMPTY), SafeTensors.toBytes(Map.of(), Map.of()));
        assertArrayEquals(bytes(EMPTY_WITH_METADATA), SafeTensors.toBytes(Map.of(), Map.of("framework", "pt")));
    }

    @Test
    void referenceBytesParseBack() throws Exception {
        SafeTensors.Contents c = SafeTensors.fromBytes(bytes(ATTN0_PADDED), "attn0");
        Tensor t = c.tensors().get("attn0");
        assertArrayEquals(new int[] {1, 1, 2, 3}, t.shape());
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(ZERO_TO_FIVE, t.toFloatArray());
        assertEquals(Map.of("framework", "pt"), SafeTensors.fromBytes(bytes(EMPTY_WITH_METADATA), "meta").metadata());
    }

    @Test
    void layoutOrdersByDtypeSizeThenNameAndStoresLittleEndianRowMajor() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new float[] {1.5f}, 1));
        tensors.put("a", Tensor.of(new float[] {-2f, 3f}, 2));
        tensors.put("z", Tensor.of(new double[] {0.25}, 1));
        // Transposed view: the file must hold the row-major order of what the view shows, [[1, 3], [2, 4]].
        tensors.put("t", Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).t());
        byte[] out = SafeTensors.toBytes(tensors, Map.of());

        ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, n % 8, "header length is a multiple of 8");
        String header = new String(out, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"t\":{\"dtype\":\"F64\",\"shape\":[2,2],\"data_offsets\":[0,32]},"
                + "\"z\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[32,40]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[40,48]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[48,52]}}", header.stripTrailing());
        assertTrue(header.substring(header.stripTrailing().length()).chars().allMatch(ch -> ch == ' '), "padding is spaces");
        buf.position(8 + (int) n);
        assertEquals(List.of(1.0, 3.0, 2.0, 4.0, 0.25), List.of(buf.getDouble(), buf.getDouble(), buf.getDouble(), buf.getDouble(), buf.getDouble()));
        assertEquals(List.of(-2f, 3f, 1.5f), List.of(buf.getFloat(), buf.getFloat(), buf.getFloat()));
        assertEquals(0, buf.remaining());
    }

    @Test
    void namesSortByUtf8BytesAsRustStringsDo() {
        // U+FF21 (FULLWIDTH A) is one UTF-16 unit below U+D83D..., but its UTF-8 bytes (EF BC A1) sort before F0 9F...
        String emoji = "\uD83D\uDE00", fullwidth = "\uFF21";
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(emoji, Tensor.zeros(1));
        tensors.put(fullwidth, Tensor.zeros(1));
        tensors.put("x", Tensor.zeros(1));
        byte[] out = SafeTensors.toBytes(tensors, Map.of());
        String header = new String(out, 8, (int) ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getLong(), StandardCharsets.UTF_8);
        int x = header.indexOf("\"x\""), fw = header.indexOf(fullwidth), em = header.indexOf(emoji);
        assertTrue(x < fw && fw < em, header);
    }

    @Test
    void metadataComesFirstWithKeysSorted() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("zeta", "1");
        meta.put("alpha", "2");
        byte[] out = SafeTensors.toBytes(Map.of("w", Tensor.zeros(DType.FLOAT64, 0)), meta);
        String header = new String(out, 8, out.length - 8, StandardCharsets.UTF_8).stripTrailing();
        assertEquals("{\"__metadata__\":{\"alpha\":\"2\",\"zeta\":\"1\"},\"w\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]}}", header);
    }

    static byte[] bytes(int[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static String hex(byte[] b) {
        return Arrays.toString(b);
    }
}
