package dev.jgrad.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that a Markdown file's references to source lines still point at the code they quote.
 *
 * <p>The one accepted form names the file and line, links to it, and quotes the code on that line:
 * <pre>
 * [AdamW.java:126](../optim/src/main/java/dev/jgrad/optim/AdamW.java#L126) `double stepSize = lr / biasCorrection1;`
 * </pre>
 * Any other {@code File.java:NN} (or "File.java, lines NN") is reported, since nothing would notice when it
 * goes stale: write it in the checked form, or refer to the method or the {@code // (n)} marker instead.
 */
public final class LineReferences {
    /** [File.java:N](path/File.java#LN) `code` */
    private static final Pattern CHECKED =
            Pattern.compile("\\[(\\w+\\.java):(\\d+)]\\(([^)#]+)#L(\\d+)\\)\\s*`([^`]+)`");
    /** Any mention of a line number next to a Java file name. */
    private static final Pattern ANY =
            Pattern.compile("(\\w+\\.java)`?\\]?(?:\\([^)]*\\))?(?::\\d+|,? lines? \\d+)");

    private LineReferences() {
    }

    /**
     * Checks every line reference in {@code doc} and returns how many checked references it has.
     *
     * @throws AssertionError listing every stale or unchecked reference, with what the line reads now
     */
    public static int check(MarkdownDoc doc) {
        String text = doc.text();
        List<String> problems = new ArrayList<>();
        List<int[]> checkedSpans = new ArrayList<>();
        Matcher m = CHECKED.matcher(text);
        int count = 0;
        while (m.find()) {
            count++;
            checkedSpans.add(new int[] {m.start(), m.end()});
            String where = doc.name() + ": " + m.group();
            if (!m.group(2).equals(m.group(4))) {
                problems.add(where + " — label and anchor name different lines");
                continue;
            }
            Path source = doc.path().getParent().resolve(m.group(3)).normalize();
            if (!source.getFileName().toString().equals(m.group(1))) {
                problems.add(where + " — the label names another file than the link");
                continue;
            }
            List<String> lines = readLines(source);
            if (lines == null) {
                problems.add(where + " — " + m.group(3) + " does not exist");
                continue;
            }
            int line = Integer.parseInt(m.group(2));
            if (line > lines.size() || !lines.get(line - 1).contains(m.group(5))) {
                int now = lines.indexOf(lines.stream().filter(l -> l.contains(m.group(5))).findFirst().orElse(null));
                problems.add(where + " — line " + line + " now reads: "
                        + (line <= lines.size() ? lines.get(line - 1).trim() : "(past the end)")
                        + (now >= 0 ? "; the quoted code is now on line " + (now + 1) : "; the quoted code is gone"));
            }
        }
        Matcher any = ANY.matcher(text);
        while (any.find()) {
            int at = any.start();
            boolean inChecked = checkedSpans.stream().anyMatch(s -> at >= s[0] && at < s[1]);
            if (!inChecked) {
                int lineNo = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
                problems.add(doc.name() + ":" + lineNo + ": '" + any.group() + "' is a source line number no test checks;"
                        + " write [File.java:N](path#LN) `code on that line`, or name the method instead");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " stale or unchecked line reference(s):\n  "
                    + String.join("\n  ", problems));
        }
        return count;
    }

    private static List<String> readLines(Path p) {
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
