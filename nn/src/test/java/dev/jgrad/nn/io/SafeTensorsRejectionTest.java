package dev.jgrad.nn.io;

import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Pair;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged and hostile files: each is refused with the file's name and the problem, before anything large is allocated. */
class SafeTensorsRejectionTest {
    @TempDir
    Path dir;

    @Test
    void truncatedHeaderLength() throws Exception {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {8, 0, 0, 0, 0});
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.load(file));
        assertEquals(file + ": truncated header: the file has 5 bytes, fewer than the 8 that hold the header length", e.getMessage());
        assertEquals(file.toString(), e.source());
    }

    @Test
    void headerLengthBeyondTheFile() throws Exception {
        Path file = dir.resolve("long.safetensors");
        Files.write(file, withLength(1000, "{}"));
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.load(file));
        assertEquals(file + ": header length 1000 runs past the end of the file, which has 10 bytes (at most 2 after the length field)",
                e.getMessage());
    }

    @Test
    void hostileHeaderLengthsAreRefusedWithoutAllocating() {
        // 2^64 − 1 (negative as a signed long) and 2^62: either would be an out-of-memory if trusted.
        for (long n : new long[] {-1L, 1L << 62, SafeTensors.MAX_HEADER_BYTES + 1}) {
            SafeTensorsException e = reject(withLength(n, "{}"));
            assertTrue(e.problem().startsWith("header length " + Long.toUnsignedString(n) + " exceeds the limit of 100000000 bytes"),
                    e.getMessage());
        }
    }

    @Test
    void headerThatIsNotJson() {
        assertProblem("{\"w\": {\"dtype\": ", "the header is not valid JSON: ");
        assertProblem("{} {}", "the header is not valid JSON: ");
        assertProblem("[1, 2]", "the header must be a JSON object, found array");
        assertProblem("{\"a\":{},\"a\":{}}", "the header is not valid JSON: Duplicate field 'a'");
        // Deep nesting is cut off by the parser's depth limit instead of overflowing the stack.
        assertProblem("{\"w\":" + "[".repeat(100_000), "the header is not valid JSON: ");
    }

    @Test
    void headerThatIsNotUtf8() {
        byte[] header = {'{', (byte) 0xC3, (byte) 0x28, '}'};
        SafeTensorsException e = reject(withLength(header.length, header));
        assertEquals("the header is not valid UTF-8", e.problem());
    }

    @Test
    void unknownAndUnsupportedDtypes() {
        assertProblem(tensor("w", "F33", "[1]", "[0,4]"), 4, "tensor \"w\" has unknown dtype \"F33\"");
        assertProblem(tensor("w", "BF16", "[2]", "[0,4]"), 4, "tensor \"w\" has dtype BF16, which jgrad does not support (it reads F32 and F64 only)");
        assertProblem(tensor("w", "I64", "[1]", "[0,8]"), 8, "tensor \"w\" has dtype I64, which jgrad does not support (it reads F32 and F64 only)");
    }

    @Test
    void overlappingOffsets() {
        String header = "{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[4,12]") + "}";
        assertProblem(header, 12, "tensors \"a\" and \"b\" overlap: data_offsets [0, 8] and [4, 12]");
    }

    @Test
    void outOfRangeOffsets() {
        assertProblem(tensor("w", "F64", "[2]", "[0,16]"), 8, "tensor \"w\": data_offsets [0, 16] are out of range: the data section has 8 bytes");
        assertProblem(tensor("w", "F64", "[1]", "[9223372036854775000,9223372036854775008]"), 8,
                "tensor \"w\": data_offsets [9223372036854775000, 9223372036854775008] are out of range: the data section has 8 bytes");
        assertProblem(tensor("w", "F64", "[1]", "[18446744073709551615,0]"), 8,
                "tensor \"w\": \"data_offsets\" must be integers from 0 to 9223372036854775807, got 18446744073709551615");
        assertProblem(tensor("w", "F64", "[0]", "[8,0]"), 8, "tensor \"w\": data_offsets [8, 0] end before they begin");
    }

    @Test
    void sizesThatDisagreeWithShapeAndDtype() {
        assertProblem(tensor("w", "F32", "[3]", "[0,8]"), 8, "tensor \"w\": shape [3] of F32 needs 12 bytes, but data_offsets [0, 8] hold 8");
        assertProblem(tensor("w", "F32", "[2147483647,2147483647]", "[0,0]"), 0,
                "tensor \"w\": shape [2147483647, 2147483647] has more elements than a jgrad tensor can hold (2147483647)");
    }

    @Test
    void gapsAndTrailingBytes() {
        assertProblem(tensor("w", "F32", "[1]", "[4,8]"), 8, "bytes 0 to 4 of the data section belong to no tensor (offsets must be contiguous)");
        assertProblem(tensor("w", "F32", "[1]", "[0,4]"), 8, "the data section has 8 bytes but the tensors cover only 4 (the last 4 belong to no tensor)");
    }

    @Test
    void malformedFields() {
        assertProblem("{\"w\":[]}", "tensor \"w\": expected an object with dtype, shape and data_offsets");
        assertProblem("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor \"w\": missing \"dtype\"");
        assertProblem("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor \"w\": \"dtype\" must be a string");
        assertProblem(tensor("w", "F32", "[-1]", "[0,4]"), 4, "tensor \"w\": \"shape\" entries must be integers from 0 to 2147483647, got -1");
        assertProblem(tensor("w", "F32", "[1.5]", "[0,4]"), 4, "tensor \"w\": \"shape\" entries must be integers from 0 to 2147483647, got 1.5");
        assertProblem(tensor("w", "F32", "[4294967296]", "[0,4]"), 4,
                "tensor \"w\": \"shape\" entries must be integers from 0 to 2147483647, got 4294967296");
        assertProblem(tensor("w", "F32", "3", "[0,4]"), 4, "tensor \"w\": \"shape\" must be an array of non-negative integers");
        assertProblem(tensor("w", "F32", "[1]", "[0,4,8]"), 4,
                "tensor \"w\": \"data_offsets\" must be an array of two non-negative integers [begin, end]");
        assertProblem("{\"__metadata__\":{\"k\":1}}", "\"__metadata__\" must map strings to strings, but \"k\" maps to a number");
        assertProblem("{\"__metadata__\":[]}", "\"__metadata__\" must be an object mapping strings to strings");
    }

    @Test
    void everyTruncationOfAValidFileIsRefusedCleanly() throws Exception {
        byte[] valid = validFile();
        for (int len = 0; len < valid.length; len++) {
            byte[] cut = Arrays.copyOf(valid, len);
            assertThrows(SafeTensorsException.class, () -> SafeTensors.fromBytes(cut, "cut"), "length " + len);
        }
        SafeTensors.fromBytes(valid, "whole");
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        // Byte overwrites anywhere in the file: parsing may succeed (a changed data byte is still a float) or fail,
        // but only with SafeTensorsException; an index or allocation error would escape as something else.
        byte[] valid = validFile();
        Gen<List<Pair<Integer, Integer>>> edits = Gen.listOf(Gen.zip(Gens.ints(0, valid.length - 1), Gens.ints(0, 255)), 1, 4);
        Property.named("corrupted safetensors are refused cleanly").tries(2000).forAll(edits, list -> {
            byte[] bad = valid.clone();
            for (Pair<Integer, Integer> e : list) {
                bad[e.first()] = (byte) (int) e.second();
            }
            try {
                SafeTensors.fromBytes(bad, "fuzz");
            } catch (SafeTensorsException expected) {
                assertTrue(expected.getMessage().startsWith("fuzz: "), expected.getMessage());
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] validFile() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("0.weight", Tensor.ones(DType.FLOAT32, 2, 3));
        tensors.put("0.bias", Tensor.ones(DType.FLOAT64, 2));
        tensors.put("empty", Tensor.zeros(DType.FLOAT32, 0, 4));
        return SafeTensors.toBytes(tensors, Map.of("format", "pt"));
    }

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    private static String tensor(String name, String dtype, String shape, String offsets) {
        return "{" + entry(name, dtype, shape, offsets) + "}";
    }

    private static void assertProblem(String header, String problem) {
        assertProblem(header, 0, problem);
    }

    private static void assertProblem(String header, int dataBytes, String problem) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        byte[] file = Arrays.copyOf(withLength(h.length, h), 8 + h.length + dataBytes);
        SafeTensorsException e = reject(file);
        assertTrue(e.problem().startsWith(problem), "expected a problem starting with <" + problem + ">, got <" + e.problem() + ">");
        assertEquals("test.safetensors: " + e.problem(), e.getMessage());
    }

    private static SafeTensorsException reject(byte[] file) {
        return assertThrows(SafeTensorsException.class, () -> SafeTensors.fromBytes(file, "test.safetensors"));
    }

    private static byte[] withLength(long n, String header) {
        return withLength(n, header.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] withLength(long n, byte[] header) {
        return ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN).putLong(n).put(header).array();
    }
}
