package dev.jgrad.cli.learn;

import dev.jgrad.cli.Main;
import dev.jgrad.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The explain run quoted in docs/learning-tools.md is what the command prints, so the worked AdamW
 * example cannot drift from the code.
 */
class ReadmeExplainTest {
    private static final String PROMPT = "$ java -jar examples/target/jgrad.jar ";

    @Test
    void theQuotedExplainRunIsWhatTheCommandPrints() {
        List<String> block = MarkdownDoc.read("docs/learning-tools.md").blockLines("explain-run");
        assertTrue(block.get(0).startsWith(PROMPT + "explain"), "the block starts with the command: " + block.get(0));
        String[] args = block.get(0).substring(PROMPT.length()).trim().split("\\s+");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), args);
        assertEquals(0, code);
        assertEquals(String.join("\n", block.subList(1, block.size())).stripTrailing(),
                out.toString(StandardCharsets.UTF_8).stripTrailing());
    }
}
