package dev.jgrad.nn.io;

import dev.jgrad.io.AtomicFile;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Tensor;
import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void everyDtypeOddShapesAndEmptyTensorsSurviveAFile() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("scalar32", Tensor.scalar(-3.25f));
        tensors.put("scalar64", Tensor.scalar(Math.PI, DType.FLOAT64));
        tensors.put("empty32", Tensor.zeros(DType.FLOAT32, 0));
        tensors.put("empty64.inner", Tensor.zeros(DType.FLOAT64, 3, 0, 2));
        tensors.put("odd", Tensor.uniform(new Generator(7), -1, 1, DType.FLOAT32, 1, 3, 1, 7));
        tensors.put("odd64", Tensor.normal(new Generator(8), 0, 1e300, DType.FLOAT64, 5, 1, 3));
        tensors.put("special", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f,
                Float.MIN_VALUE, Float.MAX_VALUE}, 2, 3));
        tensors.put("noncontiguous", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).t());
        Map<String, String> meta = Map.of("format", "pt", "note", "ünïcode ✓ \"quoted\"\n");
        Path file = dir.resolve("all.safetensors");

        SafeTensors.save(tensors, meta, file);
        SafeTensors.Contents back = SafeTensors.load(file);

        assertEquals(meta, back.metadata());
        assertEquals(tensors.keySet(), back.tensors().keySet());
        tensors.forEach((name, t) -> assertSameTensor(name, t, back.tensors().get(name)));
    }

    @Test
    void randomTensorSetsRoundTripThroughBytes() {
        Gen<Tensor> tensor = Gen.zip(Gens.shapedArrays(Gens.shapes(3, 4), -1e3, 1e3), Gens.elements(List.of(DType.values())),
                (a, dtype) -> Tensor.of(a.data(), dtype, a.shape()));
        Property.named("safetensors round trip").forAll(Gen.listOf(tensor, 0, 5), list -> {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < list.size(); i++) {
                tensors.put((i % 2 == 0 ? "layer." : "z") + i + ".w", list.get(i));
            }
            byte[] bytes = SafeTensors.toBytes(tensors, Map.of());
            SafeTensors.Contents back = SafeTensors.fromBytes(bytes, "generated");
            assertEquals(tensors.keySet(), back.tensors().keySet());
            tensors.forEach((name, x) -> assertSameTensor(name, x, back.tensors().get(name)));
            // Writing what was read gives the same bytes: the layout is canonical.
            assertArrayEquals(bytes, SafeTensors.toBytes(back.tensors(), Map.of()));
        });
    }

    @Test
    void saveReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.save(Map.of("w", Tensor.ones(2)), file);
        SafeTensors.save(Map.of("w", Tensor.zeros(3)), file);
        assertArrayEquals(new float[3], SafeTensors.load(file).tensors().get("w").toFloatArray());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aWriteThatFailsHalfwayLeavesTheOldFileIntactAndNoTemporaryFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        SafeTensors.save(Map.of("w", Tensor.ones(2)), file);
        byte[] before = Files.readAllBytes(file);
        IOException boom = assertThrows(IOException.class, () -> AtomicFile.write(file, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", boom.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void reservedOrInvalidNamesAreRefusedBeforeTouchingTheFile() {
        Path file = dir.resolve("x.safetensors");
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.save(Map.of("__metadata__", Tensor.zeros(1)), file));
        assertTrue(reserved.getMessage().contains("\"__metadata__\" is reserved"), reserved.getMessage());
        IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.save(Map.of("bad\uD800", Tensor.zeros(1)), file));
        assertTrue(surrogate.getMessage().contains("not valid Unicode"), surrogate.getMessage());
        assertTrue(Files.notExists(file));
    }

    static void assertSameTensor(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        if (expected.dtype() == DType.FLOAT32) {
            float[] e = expected.toFloatArray(), a = actual.toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Float.floatToRawIntBits(e[i]), Float.floatToRawIntBits(a[i]), what + ": bits of element " + i);
            }
        } else {
            double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
            for (int i = 0; i < e.length; i++) {
                assertEquals(Double.doubleToRawLongBits(e[i]), Double.doubleToRawLongBits(a[i]), what + ": bits of element " + i);
            }
        }
    }
}
