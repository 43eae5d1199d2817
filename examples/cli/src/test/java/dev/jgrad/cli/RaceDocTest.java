package dev.jgrad.cli;

import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.learn.Race;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The race's section in docs/learning-tools.md: its figures are the committed CSV's, its job-array lines run. */
class RaceDocTest {
    private static final String PROMPT = "java -jar examples/target/jgrad.jar ";

    @TempDir
    Path tmp;

    private static Race.Result racer(List<Race.Result> results, String label) {
        return results.stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow(() -> new AssertionError(label));
    }

    private static double acc(Race.Result r, int epoch) {
        return r.epochs().get(epoch - 1).testAccuracy();
    }

    @Test
    void theQuotedFiguresAreTheCommittedRacesCsv() throws Exception {
        String page = MarkdownDoc.read("docs/learning-tools.md").text();
        String shows = page.substring(page.indexOf("What this run shows"), page.indexOf("The slices of a race")).replaceAll("\\s+", " ");
        Path csv = MarkdownDoc.repoRoot().resolve("docs/race.csv");
        List<Race.Result> results = Race.merge(Map.of(csv.toString(), Files.readString(csv))).results();
        List<Race.Result> ranked = Race.ranking(results);
        // "the first eight finish within 2.25 points": each named with its final accuracy, in ranking order
        Matcher m = Pattern.compile("([A-Z][A-Za-z]+) (\\d+\\.\\d\\d)%").matcher(shows.substring(0, shows.indexOf("NAdam reaches")));
        List<String> named = new ArrayList<>();
        while (m.find()) {
            Race.Result r = racer(results, m.group(1));
            assertEquals(Double.parseDouble(m.group(2)), r.last().testAccuracy(), 1e-9, m.group(1));
            named.add(m.group(1));
        }
        assertEquals(ranked.subList(0, 8).stream().map(Race.Result::label).toList(), named);
        assertTrue(ranked.get(0).last().testAccuracy() - ranked.get(7).last().testAccuracy() <= 2.25 + 1e-9);
        Race.Result lowest = results.stream().min(java.util.Comparator.comparingDouble(r -> r.last().trainLoss())).orElseThrow();
        assertEquals("NAdam", lowest.label());
        assertTrue(shows.contains(String.format(java.util.Locale.ROOT, "%.4f", lowest.last().trainLoss())), shows);
        Race.Result rms = racer(results, "RMSprop");
        assertTrue(shows.contains(String.format(java.util.Locale.ROOT, "from %.2f%% after epoch 2 to %.2f%% after epoch 3",
                acc(rms, 2), acc(rms, 3))), "RMSprop's dip");
        Race.Result rprop = racer(results, "Rprop");
        assertEquals(2.4, rprop.epochs().get(0).trainLoss(), 0.05);
        assertEquals(97, rprop.last().trainLoss(), 0.5);
        for (Race.Epoch e : rprop.epochs()) assertEquals(84, e.testAccuracy(), 1.5, "Rprop stays near 84%");
        for (String climbing : List.of("ASGD", "LAMB", "SGD, momentum 0.9", "Lion")) {
            Race.Result r = racer(results, climbing);
            assertTrue(acc(r, 5) > acc(r, 4), climbing + " still climbing");
        }
        assertTrue(page.contains(String.format(java.util.Locale.ROOT, "Muon took %.0f s", racer(results, "Muon + AdamW").seconds())));
        assertTrue(page.contains(String.format(java.util.Locale.ROOT, "AdamW, %.1f s", racer(results, "AdamW").seconds())));
    }

    /** The GNU parallel lines, run as parallel would (each cell in turn), on a small race: the merge is whole. */
    @Test
    void theJobArrayLinesRunAndMergeIntoOneRace() throws Exception {
        List<String> lines = MarkdownDoc.read("docs/learning-tools.md").blockLines("race-parallel");
        assertEquals(2, lines.size());
        String cell = lines.get(0);
        assertTrue(cell.startsWith("parallel -j 4 " + PROMPT), cell);
        String[] template = cell.substring(cell.indexOf(PROMPT) + PROMPT.length(), cell.indexOf(" ::: ")).trim().split("\\s+");
        String[] values = cell.substring(cell.indexOf(" ::: ") + 5).trim().split("\\s+");
        Path out = tmp.resolve("race");
        for (String v : values) {
            List<String> args = new ArrayList<>();
            for (String a : template) args.add(a.replace("{}", v).equals("race") && args.isEmpty() ? "race" : a.replace("{}", v));
            args.set(args.indexOf("--out") + 1, out.toString());
            args.addAll(List.of("--optimizers", "sgd,adam", "--limit", "300", "--hidden", "8", "--epochs", "1"));
            CliTest.Run r = CliTest.jgrad(args.toArray(new String[0]));
            assertEquals(0, r.code(), r.err());
        }
        String merge = lines.get(1);
        assertTrue(merge.startsWith(PROMPT + "race merge --out race race/race-cell-*.csv"), merge);
        List<String> args = new ArrayList<>(List.of("race", "merge", "--out", out.toString()));
        try (var files = Files.list(out)) {
            files.filter(f -> f.getFileName().toString().matches("race-cell-\\d+-of-4\\.csv")).sorted()
                    .forEach(f -> args.add(f.toString()));
        }
        assertEquals(4, args.size() - 4, "one CSV per cell: " + Arrays.toString(values));
        CliTest.Run r = CliTest.jgrad(args.toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out.resolve("race.png")));
        // tuned, two optimizer entries (sgd names two racers) plus Adam: 3 racers × 5 rates = 15 runs, 15 CSV rows
        assertEquals(16, Files.readAllLines(out.resolve("race.csv")).size());
    }
}
