package dev.jgrad.optim;

import dev.jgrad.optim.engine.StateFiles;
import dev.jgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A damaged state file is refused in the file's own words: no Jackson or JDK internals, the path once. */
final class StateFileMessagesTest {
    /** A value type with a primitive, as the checkpoint's records have. */
    record Counter(int step, String name) {}

    private static String adamState() {
        Tensor p = Tensor.of(new double[] {0.5, -1.25}, 2).requiresGrad(true);
        Adam adam = new Adam(List.of(p));
        p.setGrad(Tensor.of(new double[] {0.1, 0.2}, 2));
        adam.step();
        return StateFiles.toJson(adam.stateDict());
    }

    private static void assertPlain(String message) {
        for (String internal : List.of("FAIL_ON", "Deserialization", "`", "java.lang", "No enum constant",
                "dev.jgrad.", "Input length")) {
            assertFalse(message.contains(internal), "'" + internal + "' in: " + message);
        }
    }

    @Test
    void anUnknownDtypeNamesTheFieldAndTheValidValues() {
        String json = adamState().replaceFirst("\"dtype\" : \"\\w+\"", "\"dtype\" : \"FLOAT16\"");
        String m = assertThrows(IllegalArgumentException.class,
                () -> StateFiles.fromJson(json, OptimizerState.class)).getMessage();
        assertEquals("field 'dtype' must be one of float32, float64, got 'FLOAT16'", m);
    }

    @Test
    void aNullWhereANumberBelongsNamesTheField() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> StateFiles.fromJson("{\"step\": null, \"name\": \"x\"}", Counter.class)).getMessage();
        assertEquals("not a valid Counter: field 'step' is null, expected a number", m);
        assertEquals("not a valid Counter: field 'step' has the wrong type (expected a whole number)",
                assertThrows(IllegalArgumentException.class, () -> StateFiles.fromJson("{\"step\": \"x\"}",
                        Counter.class)).getMessage());
        assertPlain(assertThrows(IllegalArgumentException.class, () -> StateFiles.fromJson("{\"step\": ",
                Counter.class)).getMessage());
    }

    @Test
    void aFileThatIsNotUtf8TextSaysSoAndNamesItOnce(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("optimizer.json");
        Files.write(f, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        String m = assertThrows(UncheckedIOException.class, () -> StateFiles.load(f, OptimizerState.class))
                .getMessage();
        assertEquals("cannot read " + f + ": not UTF-8 text", m);
        Path missing = dir.resolve("missing.json");
        assertEquals("cannot read " + missing + ": no such file or directory", assertThrows(UncheckedIOException.class,
                () -> StateFiles.load(missing, OptimizerState.class)).getMessage());
    }
}
