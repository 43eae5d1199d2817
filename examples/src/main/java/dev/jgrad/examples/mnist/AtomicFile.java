package dev.jgrad.examples.mnist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Replaces a file in one step: write a temporary file beside it, then rename it over the target. */
final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes {@code text} as UTF-8. */
    static void writeString(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes}; a crash leaves either the old file or the new one, never a mix.
     *
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    static void write(Path file, byte[] bytes) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temporary file never has the target's name
                }
            }
        }
    }

    /** A one-line reason, e.g. "permission denied" rather than the bare path NIO reports. */
    static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "AccessDeniedException" -> "permission denied";
            case "NoSuchFileException" -> "no such file or directory: " + e.getMessage();
            case "FileAlreadyExistsException" -> "a file is in the way: " + e.getMessage();
            case "NotDirectoryException" -> "not a directory: " + e.getMessage();
            default -> e.getMessage() == null ? type : e.getMessage();
        };
    }
}
