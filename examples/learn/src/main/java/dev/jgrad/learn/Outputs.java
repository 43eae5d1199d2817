package dev.jgrad.learn;

import dev.jgrad.io.AtomicFile;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the learning tools' files: whole or not at all ({@link AtomicFile}), and with an error
 * that fits on one line and names the path when it cannot.
 */
public final class Outputs {
    private Outputs() {}

    public static void writeText(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writePng(Path file, BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + " as PNG: " + reason(e), e);
        }
        write(file, bytes.toByteArray());
    }

    /** Creates {@code dir} and its parents if needed; fails with one line if it cannot. */
    public static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir + ": " + reason(e), e);
        }
    }

    static void write(Path file, byte[] content) {
        AtomicFile.replace(file, content);
    }

    /** The cause in a few words: the JDK's messages for these are just the path again. */
    public static String reason(IOException e) {
        return AtomicFile.reason(e);
    }
}
