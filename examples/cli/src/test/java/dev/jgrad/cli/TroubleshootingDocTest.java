package dev.jgrad.cli;

import dev.jgrad.cli.CliTest.Run;
import dev.jgrad.cli.mnist.MnistCommand;
import dev.jgrad.learn.train.CheckpointLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Runs every {@code console} block of docs/troubleshooting.md against the real command line: a
 * {@code $ jgrad ...} line, the expected standard error ({@code …} matches anything), then
 * {@code $ echo $?} and the exit code.
 */
class TroubleshootingDocTest {
    private static final Path DOC = Path.of("..", "..", "docs", "troubleshooting.md");
    private static final String ANOMALY_HINT = ", or --detect-anomaly to find the operation that made it";

    @TempDir
    Path tmp;

    record Example(List<String> args, List<String> stderr, int code) {
    }

    static List<Example> examples(String markdown) {
        List<Example> out = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```console")) {
                continue;
            }
            List<String> block = new ArrayList<>();
            for (i++; !lines.get(i).equals("```"); i++) {
                block.add(lines.get(i));
            }
            assertTrue(block.get(0).startsWith("$ jgrad "), block.get(0));
            int echo = block.indexOf("$ echo $?");
            assertTrue(echo > 0 && echo == block.size() - 2, "block must end with '$ echo $?' and the code: " + block);
            out.add(new Example(List.of(block.get(0).substring("$ jgrad ".length()).split(" ")),
                    block.subList(1, echo), Integer.parseInt(block.get(echo + 1))));
        }
        return out;
    }

    private static Pattern pattern(String expected) {
        StringBuilder re = new StringBuilder();
        for (String part : expected.split("…", -1)) {
            if (re.length() > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(part));
        }
        return Pattern.compile(re.toString().replace("\\Q\\E", ""));
    }

    @Test
    void everyExampleIsWhatTheCommandLinePrints() throws Exception {
        List<Example> examples = examples(Files.readString(DOC));
        assertTrue(examples.size() >= 4, "examples found: " + examples.size());
        boolean anomalyOption = new CommandLine(new MnistCommand()).getCommandSpec().optionsMap()
                .containsKey("--detect-anomaly");
        Path run1 = tmp.resolve("run1");
        for (Example ex : examples) {
            List<String> args = new ArrayList<>();
            for (String a : ex.args()) {
                args.add(a.equals("run1") ? run1.toString() : a);
            }
            Run r;
            if (ex.args().contains("run1")) {
                try (CheckpointLock held = CheckpointLock.acquire(run1)) {
                    r = CliTest.jgrad(args.toArray(String[]::new));
                }
            } else {
                r = CliTest.jgrad(args.toArray(String[]::new));
            }
            assertEquals(ex.code(), r.code(), ex.args() + ": " + r.err());
            List<String> actual = r.errLines();
            assertEquals(ex.stderr().size(), actual.size(), ex.args() + ": " + r.err());
            for (int i = 0; i < actual.size(); i++) {
                String expected = ex.stderr().get(i).replace("run1", run1.toString());
                if (!anomalyOption) {
                    // Documented as it will read once mnist has --detect-anomaly; without it the hint is shorter.
                    expected = expected.replace(ANOMALY_HINT, "");
                }
                assertTrue(pattern(expected).matcher(actual.get(i)).matches(),
                        "docs say:\n" + expected + "\njgrad says:\n" + actual.get(i));
            }
        }
    }

    @Test
    void theExitCodeTableMatchesMain() throws Exception {
        String doc = Files.readString(DOC);
        assertTrue(doc.contains("| " + Main.EXIT_OK + " | success |"));
        assertTrue(doc.contains("| " + Main.EXIT_FAILED + " | `replay` found a case out of tolerance |"));
        assertTrue(doc.contains("| " + Main.EXIT_USAGE + " | bad input or usage"));
        assertTrue(doc.contains("| " + Main.EXIT_INTERNAL + " | internal failure: out of memory"));
        assertTrue(doc.contains("| " + Main.EXIT_DIVERGED + " | training diverged"));
    }
}
