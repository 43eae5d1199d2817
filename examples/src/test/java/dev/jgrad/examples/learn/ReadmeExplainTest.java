package dev.jgrad.examples.learn;

import dev.jgrad.examples.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The explain output quoted in the README is what the
 * command prints, so the worked AdamW example cannot drift from the code.
 */
class ReadmeExplainTest {
    private static final String PROMPT = "$ java -jar examples/target/jgrad.jar ";

    @Test
    void theQuotedExplainRunIsWhatTheCommandPrints() throws IOException {
        String text = null;
        for (Path p : List.of(Path.of("..", "README.md"))) {
            if (Files.exists(p) && Files.readString(p).contains(PROMPT + "explain")) {
                text = Files.readString(p, StandardCharsets.UTF_8);
                break;
            }
        }
        assertNotNull(text, "no quoted explain run in README.md");
        int start = text.indexOf(PROMPT + "explain");
        int end = text.indexOf("```", start);
        List<String> block = text.substring(start, end).lines().toList();
        String[] args = block.get(0).substring(PROMPT.length()).trim().split("\\s+");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), args);
        assertEquals(0, code);
        assertEquals(String.join("\n", block.subList(1, block.size())).stripTrailing(),
                out.toString(StandardCharsets.UTF_8).stripTrailing());
    }
}
