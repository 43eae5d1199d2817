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

import static org.junit.jupiter.api.Assertions.*;

/**
 * docs/optimizers/adaptive.md and sign-and-averaging.md show each optimizer's algorithm box exactly as its
 * class's Javadoc has it (read through the registry), under the optimizer's own heading, and name the
 * recorded cases that the replay checks.
 */
class AdaptiveDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "optimizers");
    private static final Pattern SECTION = Pattern.compile("(?m)^## (\\w+)\\n+```text\\n(.*?)```", Pattern.DOTALL);

    private static List<String> lines(String box) {
        List<String> out = new ArrayList<>();
        for (String l : box.split("\n")) {
            String u = l.replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&").stripTrailing();
            if (!u.isBlank()) {
                out.add(u);
            }
        }
        return out;
    }

    private static void boxesMatch(String file, List<String> optimizers) throws IOException {
        String text = Files.readString(DOCS.resolve(file), StandardCharsets.UTF_8);
        Matcher m = SECTION.matcher(text);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            String name = m.group(1);
            seen.add(name);
            List<String> javadoc = lines(String.join("\n", OptimizerRegistry.get(name).box()));
            assertFalse(javadoc.isEmpty(), name + "'s box is readable");
            assertEquals(javadoc, lines(m.group(2)), file + ": the box under '## " + name + "' is not " + name
                    + "'s Javadoc box");
        }
        assertEquals(optimizers, seen, file + ": sections with a box");
    }

    @Test
    void adaptiveMdShowsTheJavadocBoxes() throws IOException {
        boxesMatch("adaptive.md", List.of("Adagrad", "Adadelta", "RMSprop", "Adamax"));
    }

    @Test
    void signAndAveragingMdShowsTheJavadocBoxes() throws IOException {
        boxesMatch("sign-and-averaging.md", List.of("Rprop", "ASGD"));
    }

    @Test
    void theCasesThePagesNameAreRecorded() throws IOException {
        String recorded = Files.readString(Path.of("src", "test", "resources", "reference",
                "optim-zoo-trajectories.json"), StandardCharsets.UTF_8);
        for (String file : List.of("adaptive.md", "sign-and-averaging.md")) {
            Matcher m = Pattern.compile("`((?:adagrad|adadelta|rmsprop|rprop|adamax|asgd|rosen)_\\w+)`")
                    .matcher(Files.readString(DOCS.resolve(file), StandardCharsets.UTF_8));
            int count = 0;
            while (m.find()) {
                count++;
                assertTrue(recorded.contains("\"name\": \"" + m.group(1) + "\""), file + " names an unrecorded case "
                        + m.group(1));
            }
            assertTrue(count >= 4, file + " names the recorded cases it is checked against");
        }
    }
}
