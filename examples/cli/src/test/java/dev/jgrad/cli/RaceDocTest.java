package dev.jgrad.cli;

import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.learn.Race;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

    private static Race.Standing standing(List<Race.Standing> ranked, String label) {
        return ranked.stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow(() -> new AssertionError(label));
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * The committed race's command, as the README and the page quote it, is the race the CSV holds; every
     * "NAME MEAN% (MIN–MAX)" the page quotes is that optimizer's mean and range over the seeds, and the other
     * figures are the CSV's too.
     */
    @Test
    void theQuotedFiguresAreTheCommittedRacesCsv() throws Exception {
        Path csv = MarkdownDoc.repoRoot().resolve("docs/race.csv");
        Race.Merged merged = Race.merge(Map.of(csv.toString(), Files.readString(csv)));
        List<Race.Standing> ranked = Race.ranking(merged.results());
        List<String> command = MarkdownDoc.read("docs/learning-tools.md").blockLines("race-command");
        assertEquals(command, MarkdownDoc.read("README.md").blockLines("readme-race"), "README and page quote one command");
        assertEquals(1, command.size());
        assertEquals(PROMPT + "race --seeds " + merged.setup().seeds() + " --epochs " + merged.setup().epochs()
                + " --jobs 2", command.get(0));
        assertEquals(List.of(64, 500, 8000, 0L, false, 0.9), List.of(merged.setup().batchSize(), merged.setup().hidden(),
                merged.trainImages(), merged.setup().seed(), merged.setup().tune(), merged.setup().target()),
                "the defaults on the bundled subset");
        assertEquals(Race.field().size(), ranked.size(), "the whole shelf");

        String page = MarkdownDoc.read("docs/learning-tools.md").text();
        String shows = page.substring(page.indexOf("What this run shows"), page.indexOf("The runs of a race")).replaceAll("\\s+", " ");
        Matcher m = Pattern.compile("([A-Z][A-Za-z]+) (\\d+\\.\\d\\d)% \\((\\d+\\.\\d\\d)–(\\d+\\.\\d\\d)\\)").matcher(shows);
        List<String> quoted = new ArrayList<>();
        while (m.find()) {
            Race.Stats acc = standing(ranked, m.group(1)).finalAccuracy();
            assertEquals(List.of(pct(acc.mean()), pct(acc.min()), pct(acc.max())), List.of(m.group(2), m.group(3), m.group(4)),
                    m.group(1));
            quoted.add(m.group(1));
        }
        assertEquals(List.of("SOAP", "Prodigy", "NAdam", "RMSprop"), quoted);
        assertEquals(List.of("SOAP", "Prodigy", "NAdam"), ranked.subList(0, 3).stream().map(Race.Standing::label).toList());
        for (int i = 0; i < 2; i++) {
            assertTrue(ranked.get(i).finalAccuracy().min() > ranked.get(i + 1).finalAccuracy().max(), "no overlap");
        }
        Race.Standing soap = standing(ranked, "SOAP"), prodigy = standing(ranked, "Prodigy");
        assertEquals(soap, ranked.stream().min(Comparator.comparingDouble(s -> s.finalTrainLoss().mean())).orElseThrow());
        assertTrue(shows.contains("lowest training loss, " + String.format(Locale.ROOT, "%.4f", soap.finalTrainLoss().mean())));
        assertTrue(shows.contains(String.format(Locale.ROOT, "%.0f s a run against Prodigy's %.1f s, and %.1f s of training "
                + "to reach 90%% where Adagrad needs %.1f s", soap.seconds().mean(), prodigy.seconds().mean(),
                soap.secondsToTarget().mean(), standing(ranked, "Adagrad").secondsToTarget().mean())), shows);
        Race.Standing fewest = ranked.stream().filter(s -> s.reached() > 0)
                .min(Comparator.comparingDouble(s -> s.stepsToTarget().mean())).orElseThrow();
        assertEquals(prodigy, fewest);
        assertTrue(shows.contains(String.format(Locale.ROOT, "%.0f to 90%%", soap.stepsToTarget().mean())));
        assertTrue(shows.contains(String.format(Locale.ROOT, "Prodigy takes %.0f, the fewest", prodigy.stepsToTarget().mean())));

        double spread = ranked.stream().filter(s -> !s.label().equals("RMSprop"))
                .mapToDouble(s -> s.finalAccuracy().max() - s.finalAccuracy().min()).max().orElseThrow();
        assertTrue(shows.contains("within " + pct(spread).replaceAll("0$", "") + " points"), "spread " + spread);
        Race.Standing rms = standing(ranked, "RMSprop");
        double seed0 = rms.runs().stream().filter(r -> r.seed() == 0).findFirst().orElseThrow().last().testAccuracy();
        double seed2 = rms.runs().stream().filter(r -> r.seed() == 2).findFirst().orElseThrow().last().testAccuracy();
        assertTrue(shows.contains("Seed 0 ends at " + pct(seed0) + "%") && shows.contains("seed 2 at " + pct(seed2) + "%"));
        assertEquals(List.of("SOAP", "Prodigy"), ranked.stream().filter(s -> s.finalAccuracy().mean() > seed2)
                .map(Race.Standing::label).toList(), "above every other mean but SOAP's and Prodigy's");

        List<String> never = ranked.stream().filter(s -> s.reached() == 0).map(Race.Standing::label).sorted().toList();
        assertEquals(List.of("ASGD", "LAMB", "Lion", "Muon + AdamW", "Rprop", "SGD", "SGD, momentum 0.9"), never);
        Race.Standing rprop = standing(ranked, "Rprop");
        assertTrue(shows.contains(String.format(Locale.ROOT, "mean training loss is %.2f", rprop.finalTrainLoss().mean())));
        assertEquals(84, rprop.finalAccuracy().mean(), 0.5, "Rprop stays near 84%");
        assertTrue(page.replaceAll("\\s+", " ").contains(String.format(Locale.ROOT, "SOAP took %.0f s a run, Muon %.1f s, AdamW %.1f s",
                soap.seconds().mean(), standing(ranked, "Muon + AdamW").seconds().mean(),
                standing(ranked, "AdamW").seconds().mean())), "the times");
        String soapPage = MarkdownDoc.read("docs/optimizers/soap.md").text().replaceAll("\\s+", " ");
        assertTrue(soapPage.contains(String.format(Locale.ROOT, "SOAP ranks first with %s%% (%s–%s) and is the slowest of "
                + "the shelf, %.0f s a run", pct(soap.finalAccuracy().mean()), pct(soap.finalAccuracy().min()),
                pct(soap.finalAccuracy().max()), soap.seconds().mean())), "soap.md");
        assertEquals(soap, ranked.stream().max(Comparator.comparingDouble(s -> s.seconds().mean())).orElseThrow());
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
            for (String a : template) {
                args.add(a.replace("{}", v).equals("race") && args.isEmpty() ? "race" : a.replace("{}", v));
            }
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
