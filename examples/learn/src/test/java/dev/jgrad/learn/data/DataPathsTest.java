package dev.jgrad.learn.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static dev.jgrad.learn.data.TestIdx.concat;
import static dev.jgrad.learn.data.TestIdx.gzip;
import static dev.jgrad.learn.data.TestIdx.images;
import static dev.jgrad.learn.data.TestIdx.labels;
import static dev.jgrad.learn.data.TestIdx.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Data directories and files that are not what they seem: each is refused with its real cause, in
 * words, naming the path once.
 */
final class DataPathsTest {
    @TempDir
    Path dir;

    private void writeAll() {
        write(dir, "train-images-idx3-ubyte.gz", gzip(images(3, 28, 28)));
        write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(3)));
        write(dir, "t10k-images-idx3-ubyte.gz", gzip(images(2, 28, 28)));
        write(dir, "t10k-labels-idx1-ubyte.gz", gzip(labels(2)));
    }

    private static String refusal(Path d) {
        return assertThrows(MnistDataException.class, () -> MnistSource.fromDirectory(d)).getMessage();
    }

    @Test
    void garbageAfterTheGzipStreamIsRefused() {
        writeAll();
        write(dir, "train-labels-idx1-ubyte.gz", concat(gzip(labels(3)), new byte[] {'j', 'u', 'n', 'k'}));
        assertEquals(dir.resolve("train-labels-idx1-ubyte.gz") + ": 4 bytes of trailing garbage after the gzip stream",
                refusal(dir));
    }

    @Test
    void twoGzipMembersAreOneStreamAsGunzipReadsThem() {
        writeAll();
        byte[] raw = labels(3);
        write(dir, "train-labels-idx1-ubyte.gz", concat(gzip(Arrays.copyOf(raw, 5)),
                gzip(Arrays.copyOfRange(raw, 5, raw.length))));
        assertEquals(3, MnistSource.fromDirectory(dir).train().count());
    }

    @Test
    void aRawFileAndADifferentGzippedOneSideBySideAreRefused() {
        writeAll();
        write(dir, "train-images-idx3-ubyte", images(3, 28, 28));
        assertEquals(3, MnistSource.fromDirectory(dir).train().count(), "the same data twice is fine");
        byte[] other = images(3, 28, 28);
        other[100] ^= 1;
        write(dir, "train-images-idx3-ubyte", other);
        assertEquals(dir + ": both train-images-idx3-ubyte and train-images-idx3-ubyte.gz are there and hold different "
                + "data; remove the one you do not mean", refusal(dir));
    }

    @Test
    void anEmptyPathIsNamedAsSuch() {
        assertTrue(refusal(Path.of("")).startsWith("the data directory is an empty string; expected a directory with "
                + "train-images-idx3-ubyte"), refusal(Path.of("")));
    }

    @Test
    void aPathBelowAFileNamesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertTrue(refusal(file.resolve("sub")).startsWith(file.resolve("sub") + ": " + file
                + " is a file, not a directory, expected"), refusal(file.resolve("sub")));
        assertTrue(refusal(dir.resolve("none/sub")).startsWith(dir.resolve("none/sub") + ": directory not found"));
    }

    @Test
    void anUnreadableDirectoryIsReportedAsSuchNotAsMissing() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every directory");
        writeAll();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("-wx------"));
        try {
            assertTrue(refusal(dir).startsWith(dir + ": permission denied: cannot list the directory"), refusal(dir));
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFileThatCannotBeOpenedSaysWhyWithoutJavaNames() {
        assertEquals("no such file or directory", IdxReader.describe(new NoSuchFileException("x")));
        assertEquals("permission denied", IdxReader.describe(new AccessDeniedException("x")));
    }
}
