package dev.jgrad.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Markdown file of the repository, read by a test so that what the file shows is what the code does.
 *
 * <p>Mark a fenced block with an HTML comment on the line before it, which Markdown does not render:
 * <pre>
 * &lt;!-- doc-check: first-gradient --&gt;
 * ```java
 * Tensor x = ...
 * ```
 * </pre>
 * and read it with {@code MarkdownDoc.read("README.md").block("first-gradient")}. The block's text is
 * returned without the fences; a missing marker or an unclosed block fails with the file's name.
 */
public final class MarkdownDoc {
    private static final String MARKER = "<!-- doc-check: ";

    private final Path path;
    private final String name;
    private final String text;

    private MarkdownDoc(Path path, String name, String text) {
        this.path = path;
        this.name = name;
        this.text = text;
    }

    /** Reads a Markdown file by its path from the repository root, e.g. {@code "docs/cli.md"}. */
    public static MarkdownDoc read(String repoRelativePath) {
        Path p = repoRoot().resolve(repoRelativePath);
        try {
            return new MarkdownDoc(p, repoRelativePath, Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + repoRelativePath + " (looked at " + p + ")", e);
        }
    }

    /** The repository root: the nearest directory upwards from the working directory that holds README.md and docs/. */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("docs"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (README.md next to docs/) above " + dir);
    }

    /** Every Markdown file the user reads: README.md and docs/**&#47;*.md, as repository-relative paths. */
    public static List<String> userDocs() {
        Path root = repoRoot();
        List<String> out = new ArrayList<>();
        out.add("README.md");
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted()
                    .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The whole text. */
    public String text() {
        return text;
    }

    /** The repository-relative name, for messages. */
    public String name() {
        return name;
    }

    /** The file on disk. */
    public Path path() {
        return path;
    }

    /** The fenced block right after the line {@code <!-- doc-check: id -->}, without its fences. */
    public String block(String id) {
        int at = text.indexOf(MARKER + id + " -->");
        if (at < 0) {
            throw new AssertionError(name + " has no marker '" + MARKER + id + " -->' (a test reads the block after it)");
        }
        return fencedBlockFrom(at, "marker '" + id + "'");
    }

    /** The first fenced block that starts after the first occurrence of {@code text}. */
    public String blockAfter(String anchor) {
        int at = text.indexOf(anchor);
        if (at < 0) {
            throw new AssertionError(name + " no longer contains '" + anchor + "'");
        }
        return fencedBlockFrom(at, "'" + anchor + "'");
    }

    /** The lines of {@link #block(String)}. */
    public List<String> blockLines(String id) {
        return block(id).lines().toList();
    }

    private String fencedBlockFrom(int at, String what) {
        int open = text.indexOf("```", at);
        if (open < 0) {
            throw new AssertionError(name + ": no fenced block after " + what);
        }
        int bodyStart = text.indexOf('\n', open) + 1;
        int close = text.indexOf("\n```", bodyStart - 1);
        if (bodyStart == 0 || close < 0) {
            throw new AssertionError(name + ": the fenced block after " + what + " is not closed");
        }
        return close < bodyStart ? "" : text.substring(bodyStart, close + 1);
    }
}
