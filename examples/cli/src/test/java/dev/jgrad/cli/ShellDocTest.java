package dev.jgrad.cli;

import dev.jgrad.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/shell.md's session, typed into {@code jgrad shell} through {@link Main#run} with this JVM's
 * standard streams replaced (the shell reads and writes the process's own streams, and snippets
 * print to {@code System.out}, as in a terminal).
 */
class ShellDocTest {

    @Test
    void theSessionOnTheShellPageRunsAsShown() throws Exception {
        String transcript = MarkdownDoc.read("docs/shell.md").block("shell-session");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        int code;
        try (PrintStream captured = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setIn(new ByteArrayInputStream(ShellTranscript.input(transcript).getBytes(StandardCharsets.UTF_8)));
            System.setOut(captured);
            System.setErr(captured);
            code = Main.run(captured, captured, "shell");
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertEquals(transcript, ShellTranscript.fromFirstPrompt(printed), printed);
    }
}
