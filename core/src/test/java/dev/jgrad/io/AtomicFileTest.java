package dev.jgrad.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFileTest {
    @TempDir
    Path dir;

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewFileGetsTheModeAnOrdinaryNewFileGetsUnderTheUmask() throws IOException {
        assumeTrue(posix());
        Path ordinary = dir.resolve("ordinary.txt");
        Files.writeString(ordinary, "x"); // the OS applies the umask to 0666
        Path atomic = dir.resolve("atomic.txt");
        AtomicFile.writeString(atomic, "hello");
        assertEquals("hello", Files.readString(atomic));
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(ordinary);
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(atomic)));
        // Not the owner-only 0600 of Files.createTempFile, unless the umask itself says so.
        assertTrue(expected.contains(PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void aSymbolicLinkStaysALinkAndTheFileItNamesIsReplaced() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("metrics.jsonl");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), Path.of("chain.jsonl"));
        Files.createSymbolicLink(dir.resolve("chain.jsonl"), real);
        AtomicFile.writeString(link, "new");
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertTrue(Files.isSymbolicLink(dir.resolve("chain.jsonl")));
        assertEquals("new", Files.readString(real));
        assertEquals(List.of("metrics.jsonl"), names(real.getParent()), "no temporary file left beside the target");
        // A dangling link names the file to create.
        Path dangling = Files.createSymbolicLink(dir.resolve("later.png"), dir.resolve("real/later.png"));
        AtomicFile.checkWritable(dangling);
        AtomicFile.writeString(dangling, "png");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("png", Files.readString(dir.resolve("real/later.png")));
        // A loop is refused in words.
        Path a = Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        IOException loop = assertThrows(IOException.class, () -> AtomicFile.writeString(a, "x"));
        assertEquals("too many levels of symbolic links", AtomicFile.reason(loop));
    }

    /**
     * A character device like /dev/null (1, 3) or /dev/full (1, 7), made in the test's directory (needs root):
     * the machine's own /dev is never at stake, also for a writer that would replace the device.
     */
    private Path device(String name, int minor) throws Exception {
        Path node = dir.resolve(name);
        Process p = new ProcessBuilder("mknod", node.toString(), "c", "1", Integer.toString(minor))
                .redirectErrorStream(true).start();
        assumeTrue(p.waitFor() == 0 && Files.exists(node), "cannot make a device node here (needs root)");
        return node;
    }

    @Test
    void aDeviceIsWrittenThroughNotReplacedByARegularFile() throws Exception {
        Path devNull = device("null", 3);
        AtomicFile.checkWritable(devNull);
        AtomicFile.writeString(devNull, "discarded");
        assertFalse(Files.isRegularFile(devNull), "still a device");
        assertEquals(0, Files.size(devNull), "what /dev/null reports, not a regular file of 9 bytes");
        // Through a link too: the link and the device stay.
        Path link = Files.createSymbolicLink(dir.resolve("sink"), devNull);
        AtomicFile.writeString(link, "discarded");
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.isRegularFile(devNull));
        Path full = device("full", 7);
        IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(full, "x"));
        assertEquals("No space left on device", AtomicFile.reason(e));
        assertFalse(Files.isRegularFile(full), "still a device");
        assertEquals(List.of("full", "null", "sink"), names(), "no temporary file");
    }

    @Test
    void aFifoIsWrittenThroughToItsReader() throws Exception {
        Path fifo = dir.resolve("metrics.fifo");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "no mkfifo here");
        AtomicFile.checkWritable(fifo); // returns at once: checking does not open it (that would wait for a reader)
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        AtomicFile.writeString(fifo, "{\"epoch\":1}\n");
        assertEquals("{\"epoch\":1}\n", reader.get(10, TimeUnit.SECONDS));
        assertFalse(Files.isRegularFile(fifo), "still a FIFO");
        assertEquals(List.of("metrics.fifo"), names(), "no temporary file");
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacingAFileKeepsItsMode() throws IOException {
        assumeTrue(posix());
        Path f = dir.resolve("kept.json");
        Files.writeString(f, "old");
        for (String mode : List.of("rw-r-----", "rw-rw-rw-", "rw-------")) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
            AtomicFile.writeString(f, "new " + mode);
            assertEquals("new " + mode, Files.readString(f));
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
    }

    @Test
    void aFailingWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("model.bin");
        AtomicFile.write(f, new byte[] {1, 2, 3});
        IOException boom = assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {9, 9}));
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", boom.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(List.of("model.bin"), names());
    }

    @Test
    void leftoversOfDeadProcessesAreDeletedThoseOfLiveOnesKept() throws Exception {
        Process dead = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        dead.waitFor();
        long deadPid = dead.pid();
        assumeTrue(ProcessHandle.of(deadPid).map(h -> !h.isAlive()).orElse(true));
        Path deadTmp = dir.resolve(".m.safetensors." + deadPid + ".1a2b.tmp");
        Path liveTmp = dir.resolve(".m.safetensors." + ProcessHandle.current().pid() + ".3c4d.tmp");
        Path otherTarget = dir.resolve(".other." + deadPid + ".1a2b.tmp");
        for (Path p : List.of(deadTmp, liveTmp, otherTarget)) {
            Files.writeString(p, "partial");
            assertTrue(AtomicFile.isTemporary(p.getFileName().toString()));
        }
        AtomicFile.writeString(dir.resolve("m.safetensors"), "whole");
        assertFalse(Files.exists(deadTmp), "a killed writer's leftover is deleted by the next write");
        assertTrue(Files.exists(liveTmp), "a live process may still be writing it");
        assertTrue(Files.exists(otherTarget), "only the target's own leftovers are touched");
        assertFalse(AtomicFile.isTemporary("m.safetensors"));
        assertFalse(AtomicFile.isTemporary("checkpoint.json"));
    }

    @Test
    void aDirectoryInTheWayIsReportedAndUntouched() throws IOException {
        Path d = Files.createDirectory(dir.resolve("out.png"));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.writeString(d, "x"));
        assertEquals("is a directory", AtomicFile.reason(e));
        assertTrue(Files.isDirectory(d));
    }

    @Test
    void checkWritableProbesWithoutLeavingAFile() throws IOException {
        Path target = dir.resolve("sub/metrics.jsonl");
        AtomicFile.checkWritable(target);
        assertFalse(Files.exists(target));
        try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
            assertEquals(0, s.count());
        }
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.checkWritable(blocker.resolve("metrics.jsonl")));
        String expected = "cannot write " + blocker.resolve("metrics.jsonl") + ": ";
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}
