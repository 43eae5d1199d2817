package dev.jgrad.cli;

import dev.jgrad.docs.MarkdownDoc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
 * docs/initialization-and-health.md's lr-find section, read from the Markdown: its command writes the committed
 * CSV again, the figures the text quotes are that CSV's, and the training command reaches the quoted accuracy.
 */
class LrFindDocTest {
    private static final String DOC = "docs/initialization-and-health.md";

    @TempDir
    Path tmp;

    @TempDir
    static Path shared;

    /** The page's lr-find command, run once for the class (the README shows the same command). */
    private static CliTest.Run pageRun;

    private static synchronized CliTest.Run pageRun() {
        if (pageRun == null) {
            pageRun = jgrad(HealthDocTest.command(DOC, "lr-find-run", shared, "--out"));
        }
        return pageRun;
    }

    @Test
    void theCommandWritesTheCommittedCsvAndTheQuotedFiguresAreIt() throws IOException {
        CliTest.Run r = pageRun();
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Suggested lr: 0.00486 "), r.out());
        List<String> fresh = Files.readAllLines(shared.resolve("lr-find.csv"));
        List<String> committed = Files.readAllLines(MarkdownDoc.repoRoot().resolve("docs/img/lr-find.csv"));
        assertEquals(committed.size(), fresh.size());
        for (int i = 1; i < fresh.size(); i++) {
            double[] a = row(committed.get(i));
            double[] b = row(fresh.get(i));
            assertEquals(a[1], b[1], "the ramp, exactly");
            assertEquals(a[2], b[2], 1e-6 * Math.abs(a[2]), committed.get(i));
            assertEquals(a[3], b[3], 1e-6 * Math.abs(a[3]), committed.get(i));
        }
        double[] lowestRaw = null;
        double[] lowestSmoothed = null;
        for (String line : committed.subList(1, committed.size())) {
            double[] v = row(line);
            lowestRaw = lowestRaw == null || v[2] < lowestRaw[2] ? v : lowestRaw;
            lowestSmoothed = lowestSmoothed == null || v[3] < lowestSmoothed[3] ? v : lowestSmoothed;
        }
        double[] last = row(committed.get(committed.size() - 1));
        String text = MarkdownDoc.read(DOC).text();
        List<String> quoted = new ArrayList<>(List.of(
                "lowest, " + f(lowestRaw[2], 2) + ", at γ = " + f(lowestRaw[1], 4),
                "smoothed loss is lowest, " + f(lowestSmoothed[3], 2) + ", at γ = " + f(lowestSmoothed[1], 4),
                "at\nstep " + (int) (last[0] + 1) + ", γ = " + f(last[1], 3) + ", it reaches " + f(last[3], 2),
                "beyond 4 × " + f(lowestSmoothed[3], 2), "**0.00486**"));
        for (String q : quoted) {
            assertTrue(text.contains(q), "the page should say: " + q);
        }
        assertTrue(last[3] > 4 * lowestSmoothed[3], "it stopped by the 4x rule");
    }

    @Test
    void trainingAtTheSuggestionReachesTheQuotedAccuracy() {
        List<String> args = new ArrayList<>(Arrays.asList(HealthDocTest.command(DOC, "lr-find-train", tmp)));
        args.add("--no-progress");
        CliTest.Run r = jgrad(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Epoch 2, Loss: ") && r.out().contains("Test Accuracy: 93.40%"), r.out());
        assertTrue(MarkdownDoc.read(DOC).text().contains("93.40 % test accuracy in two epochs"));
    }

    @Test
    void theReadmeCommandsRunAndPrintWhatTheirCommentsSay() throws IOException {
        List<String> lines = MarkdownDoc.read("README.md").blockLines("health-commands");
        assertEquals(2, lines.size());
        String prompt = "java -jar examples/target/jgrad.jar ";
        List<String[]> cmds = new ArrayList<>();
        for (String l : lines) {
            assertTrue(l.startsWith(prompt), l);
            cmds.add(l.substring(prompt.length()).replaceAll("#.*", "").trim().split("\\s+"));
        }
        // the README's lr-find is the page's command (only the picture's path differs), whose run is checked above
        String[] find = cmds.get(0);
        String[] page = HealthDocTest.command(DOC, "lr-find-run", shared, "--out");
        find[Arrays.asList(find).indexOf("--out") + 1] = page[Arrays.asList(page).indexOf("--out") + 1];
        assertEquals(Arrays.asList(page), Arrays.asList(find));
        CliTest.Run r = pageRun();
        assertEquals(0, r.code(), r.err());
        String promised = lines.get(0).replaceAll(".*prints \"(.*)\".*", "$1");
        assertTrue(r.out().contains(promised + " "), promised + " in " + r.out());
        // the training command as written, on the bundled subset, for one epoch: the health log gets steps 1, 51, 101
        List<String> train = new ArrayList<>(Arrays.asList(cmds.get(1)));
        train.set(train.indexOf("--health") + 1, tmp.resolve("health.jsonl").toString());
        train.set(train.indexOf("--health-plot") + 1, tmp.resolve("health.png").toString());
        train.addAll(List.of("--bundled", "--epochs", "1", "--no-progress"));
        r = jgrad(train.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertEquals(3, Files.readAllLines(tmp.resolve("health.jsonl")).size());
        assertTrue(Files.size(tmp.resolve("health.png")) > 5000);
    }

    private static double[] row(String line) {
        return Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private static String f(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
