package dev.jgrad.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way jgrad writes a file: readers see the old file or the complete new one, never a part,
 * even if the process is killed or the machine loses power mid-write.
 * <ol>
 *   <li>write into {@code .NAME.PID.RANDOM.tmp} in the target's directory (same file system, so the
 *       rename below is a metadata operation), created like any new file: mode 0666 minus the umask,
 *       or the existing target's mode when it replaces one ({@code Files.createTempFile} would give 0600);</li>
 *   <li>fsync the temporary file, so its bytes are on disk before its name is;</li>
 *   <li>rename it over the target (atomically where the file system can);</li>
 *   <li>fsync the directory, so the rename itself survives a power cut.</li>
 * </ol>
 * A write that fails deletes its temporary file. One whose process was killed leaves it behind;
 * the next write of the same target deletes leftovers whose process is gone ({@link #deleteLeftovers}),
 * and nothing ever reads them.
 *
 * <p>What the target is decides how it is written. A symbolic link stays a link: the file it names
 * (through any chain of links) is the one replaced, atomically, in its own directory. A device or a
 * pipe ({@code /dev/null}, a FIFO, {@code /dev/stdout}, bash's {@code >(...)}) is written through,
 * opened and written in place: a rename would put a regular file where the device was, and a pipe has
 * no old content to keep.
 */
public final class AtomicFile {
    /** Writes the content into an open channel. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything; the channel is positioned at 0 and closed afterwards by {@link AtomicFile}. */
        void writeTo(FileChannel channel) throws IOException;
    }

    private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)\\.(\\d+)\\.[0-9a-f]+\\.tmp");

    private AtomicFile() {
    }

    /** Writes {@code text} as UTF-8, atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes}, atomically, for a caller that reports a failure rather than recovering from it: the one
     * place that turns the failure into an {@link UncheckedIOException} whose message names the file and the cause
     * in a few words ({@link #reason}).
     *
     * @throws UncheckedIOException "cannot write FILE: REASON"
     */
    public static void replace(Path target, byte[] bytes) {
        try {
            write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /** Writes {@code bytes}, atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }

    /** Streams the content through an {@link OutputStream}, atomically. */
    public static void writeStream(Path target, StreamContent content) throws IOException {
        write(target, ch -> {
            OutputStream out = Channels.newOutputStream(ch);
            content.writeTo(out);
            out.flush();
        });
    }

    /** Writes into an output stream (not closed by the content). */
    @FunctionalInterface
    public interface StreamContent {
        /** Writes everything. */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code content} writes, in the four steps of the class
     * comment. If {@code content} throws, the target is untouched and the exception is rethrown.
     *
     * @throws IOException if the file cannot be written; {@link #reason} turns it into a few words
     */
    public static void write(Path target, Content content) throws IOException {
        if (isStream(target)) {
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
            }
            return;
        }
        Path file = followLinks(target.toAbsolutePath());
        Path dir = file.getParent();
        if (Files.isDirectory(file)) {
            throw new FileAlreadyExistsException(target.toString(), null, "is a directory");
        }
        Files.createDirectories(dir);
        deleteLeftovers(dir, file.getFileName().toString());
        Path tmp = createTemp(dir, file.getFileName().toString());
        boolean moved = false;
        try {
            copyMode(file, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Checks, before any work is done, that {@code target} could be written: it is not a directory,
     * its directory exists or can be created, and a file can be created there (one is created and deleted).
     *
     * @throws UncheckedIOException saying "cannot write TARGET: REASON"
     */
    public static void checkWritable(Path target) {
        try {
            if (isStream(target)) {
                // Opening a FIFO would wait for its reader: the permission is what can be checked up front.
                if (!Files.isWritable(target)) {
                    throw new AccessDeniedException(target.toString());
                }
                return;
            }
            Path file = followLinks(target.toAbsolutePath());
            if (Files.isDirectory(file)) {
                throw new FileAlreadyExistsException(target.toString(), null, "is a directory");
            }
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Files.delete(createTemp(dir, file.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * Deletes the temporary files that writes of {@code name} in {@code dir} left behind when their
     * process was killed (the process id in the name no longer runs). Leftovers of live processes
     * are kept: they may still be writing. Returns how many were deleted.
     */
    public static int deleteLeftovers(Path dir, String name) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + globEscape(name) + ".*.tmp")) {
            for (Path f : files) {
                Matcher m = LEFTOVER.matcher(f.getFileName().toString());
                if (m.matches() && m.group(1).equals(name) && !running(Long.parseLong(m.group(2)))) {
                    if (Files.deleteIfExists(f)) {
                        deleted++;
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Leftovers only take space and are never read; the write itself decides success.
        }
        return deleted;
    }

    /** Whether {@code target} is (or links to) a device or a pipe, written in place rather than replaced. */
    private static boolean isStream(Path target) {
        return Files.exists(target) && !Files.isRegularFile(target) && !Files.isDirectory(target);
    }

    /**
     * The file a chain of symbolic links ends at (it may not exist yet: a dangling link names the file to
     * create), so that the link stays and its target is replaced.
     */
    private static Path followLinks(Path file) throws IOException {
        Path p = file;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) { // Linux's limit (MAXSYMLINKS)
                throw new FileSystemException(file.toString(), null, "too many levels of symbolic links");
            }
            p = p.getParent().resolve(Files.readSymbolicLink(p));
        }
        return p;
    }

    /** Whether {@code fileName} is a temporary file of this class (of any target). */
    public static boolean isTemporary(String fileName) {
        return LEFTOVER.matcher(fileName).matches();
    }

    /** The reason of an I/O failure in a few words (NIO's messages for these are just the path). */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getReason() != null ? f.getReason() : "a file is in the way: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text"; // the JDK's message is "Input length = 1"
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean running(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        long pid = ProcessHandle.current().pid();
        while (true) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            Path tmp = dir.resolve("." + name + "." + pid + "." + random + ".tmp");
            try {
                // No file attributes: the OS applies the umask to 0666, as for any new file.
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                // 63 random bits collided: draw again
            }
        }
    }

    /** An existing target keeps its mode: replacing a 0644 file gives a 0644 file. */
    private static void copyMode(Path target, Path tmp) throws IOException {
        if (!Files.exists(target) || Files.getFileAttributeView(tmp, PosixFileAttributeView.class) == null) {
            return;
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(target);
        } catch (IOException e) {
            return; // unreadable attributes: the umask default is the next best
        }
        Files.setPosixFilePermissions(tmp, mode);
    }

    /** fsync of the directory; file systems and platforms that cannot open one for that are skipped. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; the rename is then as durable as the platform makes it.
        }
    }

    private static String globEscape(String s) {
        return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }
}
