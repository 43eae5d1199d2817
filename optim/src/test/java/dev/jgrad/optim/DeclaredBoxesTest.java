package dev.jgrad.optim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The box the tools show (declared as text, so that it travels in the jar alone) is the box of the class Javadoc,
 * line for line: read from the sources here, at test time only.
 */
class DeclaredBoxesTest {

    /** The class Javadoc's {@code <pre>} box of {@code type} as a reader sees it: escapes undone, no blank lines. */
    static List<String> javadocBox(Class<?> type) throws IOException {
        String src = Files.readString(Path.of("src/main/java", type.getName().replace('.', '/') + ".java"),
                StandardCharsets.UTF_8);
        int decl = src.indexOf("class " + type.getSimpleName());
        int doc = src.lastIndexOf("/**", decl), pre = src.indexOf("<pre>", doc), end = src.indexOf("</pre>", pre);
        assertTrue(doc >= 0 && pre >= 0 && end >= 0 && end < decl,
                type.getSimpleName() + ": no box in the class Javadoc");
        List<String> lines = new ArrayList<>();
        for (String line : src.substring(pre + 5, end).split("\n")) {
            String l = line.replaceFirst("^\\s*\\* ?", "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            if (!l.isBlank()) {
                lines.add(l.stripTrailing());
            }
        }
        return OptimizerRegistry.boxLines(String.join("\n", lines));
    }

    @Test
    void everyBuiltInDeclaresTheBoxOfItsJavadoc() throws IOException {
        for (String name : OptimizerRegistry.names()) {
            var entry = OptimizerRegistry.get(name);
            if (!entry.type().getPackageName().equals("dev.jgrad.optim")) {
                continue;   // a test's own registration
            }
            assertEquals(javadocBox(entry.type()), entry.box(), name + ": BOX and the Javadoc box differ");
        }
    }

    /** A column's label names box lines, e.g. {@code √v̂+ε (8)}: each of them is a numbered line of that box. */
    @Test
    void everyColumnLabelNamesLinesOfItsBox() {
        for (String name : OptimizerRegistry.names()) {
            var entry = OptimizerRegistry.get(name);
            String box = String.join("\n", entry.box());
            for (var column : entry.columns()) {
                Matcher lines = Pattern.compile("\\(([0-9,]+)\\)$").matcher(column.label());
                assertTrue(lines.find(), name + ": column " + column.key() + " has no box line: " + column.label());
                for (String n : lines.group(1).split(",")) {
                    assertTrue(box.contains("(" + n + ")"), name + ": " + column.label() + " names line (" + n
                            + "), which its box does not have");
                }
            }
        }
    }

    @Test
    void aBoxGivenAsTextLosesBlankLinesTrailingSpacesAndCommonIndentOnly() {
        assertEquals(List.of("input: γ", "  (1) t ← t + 1"),
                OptimizerRegistry.boxLines("\n    input: γ   \n\n      (1) t ← t + 1\n"));
    }
}
