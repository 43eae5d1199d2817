package dev.jgrad.learn.train;

import dev.jgrad.io.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Makes one process the only writer of a checkpoint directory: an exclusive lock
 * ({@link FileChannel#tryLock()}) on {@value #FILE} in it, which holds the owner's process id. The
 * operating system drops the lock when the process ends, however it ends, so a killed run never
 * leaves the directory locked; the file itself stays and is harmless.
 *
 * <p>Holding the lock also proves that no one else is writing, so taking it deletes what killed
 * writers left behind: temporary files of interrupted atomic writes.
 */
public final class CheckpointLock implements AutoCloseable {
    /** The lock file's name inside the checkpoint directory. */
    public static final String FILE = "checkpoint.lock";

    private final Path dir;
    private final Object fileKey;
    private final FileChannel channel;
    private final FileLock lock;

    private CheckpointLock(Path dir, Object fileKey, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.fileKey = fileKey;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created if needed) for this process.
     *
     * @throws CheckpointException if another process (or another run in this one) holds it, naming its pid
     * @throws UncheckedIOException if the directory or the lock file cannot be written
     */
    public static CheckpointLock acquire(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": is a file, not a checkpoint directory; give a directory");
        }
        Path file = dir.resolve(FILE);
        FileChannel ch;
        try {
            Files.createDirectories(dir);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + AtomicFile.reason(e), e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        } catch (IOException e) {
            close(ch);
            throw new UncheckedIOException("cannot lock checkpoint " + dir + ": " + AtomicFile.reason(e), e);
        }
        if (lock == null) {
            String holder = holder(ch);
            close(ch);
            throw new CheckpointException(dir + ": checkpoint directory in use by another jgrad run (pid " + holder
                    + "); wait for it to finish or stop it, or use another --checkpoint directory");
        }
        try {
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(pid), 0);
            ch.force(false);
        } catch (IOException e) {
            close(ch);
            throw new UncheckedIOException("cannot write checkpoint " + dir + ": " + AtomicFile.reason(e), e);
        }
        deleteTemporaryFiles(dir);
        return new CheckpointLock(dir, fileKey(file), ch, lock);
    }

    /**
     * Checks, before each save, that this process still holds the directory. A lock is on a file, not on its
     * name: if the directory (or the lock file) was deleted during the run, a second run can create and lock
     * a new one, and both would write the same directory. So the lock file must still be the one locked
     * (same file, still naming this process); if it is not, this throws and the run stops before writing.
     *
     * @throws CheckpointException naming the directory and, if another run locked it, that run's pid
     */
    public void ensureHeld() {
        Path file = dir.resolve(FILE);
        Object key = fileKey(file);
        // Read the locked file through the locking channel only: closing any other descriptor of it would
        // release this process's lock (POSIX record locks belong to the process and the file).
        if (key != null && key.equals(fileKey)
                && Long.toString(ProcessHandle.current().pid()).equals(holder(channel))) {
            return;
        }
        String what = key == null ? FILE + " is gone (was the directory deleted?)"
                : FILE + " is no longer this run's (pid " + (key.equals(fileKey) ? holder(channel) : holder(file))
                + " locked a new one)";
        throw new CheckpointException(dir + ": " + what + ", so another jgrad run may be writing this directory; "
                + "stopping without saving, to leave it to that run; use another --checkpoint directory");
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** The pid in another file than the locked one (a new lock file with the same name). */
    private static String holder(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return holder(ch);
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        close(channel);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            ch.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d+") ? pid : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTemporaryFiles(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                if (AtomicFile.isTemporary(f.getFileName().toString())) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            // leftovers only take space; nothing reads them
        }
    }

    private static void close(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing was written through it that matters
        }
    }
}
