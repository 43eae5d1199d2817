package dev.jgrad.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.jgrad.cli.CliTest.jgrad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/curvature.md, read from the Markdown: its commands parse (the trajectories one is run), and the
 * sharpness figures it quotes are the ones in the CSV it links.
 */
class CurvatureDocTest {
    private static final Path DOC = Path.of("..", "..", "docs", "curvature.md");
    private static final String PROMPT = "java -jar examples/target/jgrad.jar ";

    @TempDir
    Path tmp;

    private static List<String[]> commands() throws IOException {
        String md = Files.readString(DOC, StandardCharsets.UTF_8).replace("\\\n", " ");
        List<String[]> out = new ArrayList<>();
        for (String line : md.split("\n")) {
            int at = line.indexOf(PROMPT);
            if (line.startsWith("    ") && at >= 0) {
                out.add(line.substring(at + PROMPT.length()).trim().split("\\s+"));
            }
        }
        return out;
    }

    @Test
    void theCommandsParseAndTheTrajectoriesOneRuns() throws IOException {
        List<String[]> cmds = commands();
        assertEquals(2, cmds.size());
        for (String[] args : cmds) {
            new CommandLine(new Main()).parseArgs(args);
        }
        String[] traj = cmds.get(0).clone();
        assertEquals("trajectories", traj[0]);
        traj[traj.length - 1] = tmp.toString();
        CliTest.Run r = jgrad(traj);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("quadratic  newton     100 steps  ends at (    0.000,     0.000)"), r.out());
        assertTrue(r.out().contains("saddle     newton     150 steps  ends at (    0.000,     0.000)"), r.out());
        assertEquals("sharpness", cmds.get(1)[0]);
    }

    @Test
    void theQuotedSharpnessFiguresAreTheCsvs() throws IOException {
        List<String> csv = Files.readAllLines(Path.of("..", "..", "docs", "sharpness.csv"));
        String md = Files.readString(DOC, StandardCharsets.UTF_8);
        // lr, step, the sharpness as quoted (rounded as in the text)
        Object[][] quoted = {{"1.0", 10, "8.4"}, {"1.0", 400, "0.44"}, {"0.5", 10, "5.3"}, {"0.5", 400, "1.5"},
            {"0.2", 60, "7.3"}, {"0.2", 0, "1.1"}};
        for (Object[] q : quoted) {
            String row = csv.stream().filter(l -> l.startsWith(q[0] + ",") && l.split(",")[2].equals(q[1].toString()))
                    .findFirst().orElseThrow(() -> new AssertionError("no row " + Arrays.toString(q)));
            double sharpness = Double.parseDouble(row.split(",")[4]);
            String digits = (String) q[2];
            int decimals = digits.length() - digits.indexOf('.') - 1;
            assertEquals(digits, String.format(Locale.ROOT, "%." + decimals + "f", sharpness), row);
            assertTrue(md.contains(digits), "the text quotes " + digits);
        }
    }
}
