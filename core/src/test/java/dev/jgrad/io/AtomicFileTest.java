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
