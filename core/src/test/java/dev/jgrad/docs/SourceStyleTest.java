package dev.jgrad.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONTRIBUTING's "braces on every if/for/while body, also for one statement", kept after the tree was brought to it
 * once: every Java file of every module (main and test code, and consumer/) is read line by line, and a control
 * statement whose body is not a block is reported with its file and line. A line-based check, so it looks only at the
 * two shapes braceless bodies take here: the body on the same line ({@code if (x) return;}, {@code else y();}) and the
 * body on the next line (a complete {@code if (...)} line with nothing after it).
 */
class SourceStyleTest {
    /** {@code if (...) stmt;}, {@code for (...) stmt;}, {@code while (...) stmt;}, also after "} else". */
    private static final Pattern BODY_ON_THE_LINE =
            Pattern.compile("^\\s*(?:}\\s*else\\s+)?(?:if|for|while)\\s*\\(.*\\)\\s*[^{\\s;].*;\\s*$");
    /** {@code else stmt;} (not {@code else if}). */
    private static final Pattern ELSE_BODY_ON_THE_LINE = Pattern.compile("^\\s*(?:}\\s*)?else\\s+(?!if\\b)[^{]*;\\s*$");
    /** A whole {@code if (...)} header with no brace after it: the body is on the next line. */
    private static final Pattern BODY_ON_THE_NEXT_LINE =
            Pattern.compile("^\\s*(?:}\\s*else\\s+)?(?:if|for|while)\\s*\\(.*\\)\\s*$");

    @Test
    void everyControlBodyHasBraces() throws IOException {
        Path root = MarkdownDoc.repoRoot();
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java") && isSource(root.relativize(p))).toList()) {
                files++;
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (braceless(lines.get(i))) {
                        found.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(files > 300, "read only " + files + " Java files from " + root);
        assertEquals(List.of(), found, "control statements without braces (CONTRIBUTING: braces on every body)");
    }

    @Test
    void theCheckFindsEachShape() {
        for (String line : List.of("    if (x) return;", "        } else if (a(b)) c = d;", "    else y();",
                "    for (int i = 0; i < n; i++) s += i;", "    while (more())", "    if (x) return; // why")) {
            assertTrue(braceless(line), line);
        }
        for (String line : List.of("    if (x) {", "    } else {", "    } while (x);",
                "    if (hops == 40) { // limit (40)",
                "    if (mu != 1) { ax[i] = ax[i] + mu; }     // (6)", "    if (a", "    String s = \"if (x) y;\";",
                "     * if (x) y; in a Javadoc line")) {
            assertFalse(braceless(line), line);
        }
    }

    /** Whether {@code line} is a control statement whose body is not a block (comment lines are not). */
    private static boolean braceless(String line) {
        String code = withoutLineComment(line);
        String trimmed = code.strip();
        if (trimmed.startsWith("*") || trimmed.startsWith("/*")) {
            return false;
        }
        return BODY_ON_THE_LINE.matcher(code).matches() || ELSE_BODY_ON_THE_LINE.matcher(code).matches()
                || (BODY_ON_THE_NEXT_LINE.matcher(code).matches() && balanced(code));
    }

    /** Main and test sources of the modules and of consumer/, not build output. */
    private static boolean isSource(Path relative) {
        String p = relative.toString().replace('\\', '/');
        return (p.contains("/src/main/java/") || p.contains("/src/test/java/")) && !p.contains("/target/");
    }

    /** The line without a trailing {@code // comment} (outside string literals). */
    private static String withoutLineComment(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length() - 1; i++) {
            char c = line.charAt(i);
            if (c == '"' && (i == 0 || line.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (!inString && c == '/' && line.charAt(i + 1) == '/') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    /** Whether the line's parentheses close, so that it is a whole header and not the first line of a long one. */
    private static boolean balanced(String code) {
        int depth = 0;
        for (char c : code.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return depth == 0;
    }
}
