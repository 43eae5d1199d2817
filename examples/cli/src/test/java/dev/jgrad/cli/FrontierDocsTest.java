package dev.jgrad.cli;

import dev.jgrad.docs.LineReferences;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.learn.Race;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The frontier optimizers' pages: every accuracy, training loss and time quoted in "What the race shows" is the
 * committed race's (docs/race-frontier.csv), and every source line quoted is still on the line it links to.
 */
class FrontierDocsTest {

    @ParameterizedTest
    @ValueSource(strings = {"schedule-free", "prodigy", "ademamix", "adan"})
    void theRaceFiguresAreTheCommittedCsvsAndTheLineReferencesHold(String page) throws Exception {
        MarkdownDoc doc = MarkdownDoc.read("docs/optimizers/" + page + ".md");
        LineReferences.check(doc);
        String text = doc.text();
        String shows = text.substring(text.indexOf("## What the race shows"), text.indexOf("## Errata"))
                .replaceAll("\\s+", " ");
        Path csv = MarkdownDoc.repoRoot().resolve("docs/race-frontier.csv");
        List<Race.Result> results = Race.merge(Map.of(csv.toString(), Files.readString(csv))).results();
        Matcher m = Pattern.compile("(AdamWScheduleFree|SGDScheduleFree|Prodigy|AdEMAMix|AdamW|Adan)(?:'s)? "
                + "(?:reaches |at [^0-9]*\\()?(\\d+\\.\\d\\d)%").matcher(shows);
        int checked = 0;
        while (m.find()) {
            String label = m.group(1);
            Race.Result r = results.stream().filter(x -> x.label().equals(label)).findFirst().orElseThrow();
            assertEquals(Double.parseDouble(m.group(2)), r.last().testAccuracy(), 1e-9, page + ": " + label);
            checked++;
        }
        for (Race.Result r : results) {   // any training loss or time quoted is the CSV's
            String loss = String.format(Locale.ROOT, "%.4f", r.last().trainLoss());
            String seconds = String.format(Locale.ROOT, "%.1f s",
                    r.epochs().stream().mapToDouble(Race.Epoch::seconds).sum());
            if (shows.contains(loss)) {
                checked++;
            }
            if (shows.contains(seconds)) {
                checked++;
            }
        }
        assertTrue(checked >= 2, page + ": found " + checked + " figures to check in: " + shows);
        assertTrue(shows.contains("--epochs 5") && results.stream().allMatch(r -> r.epochs().size() == 5), page);
    }
}
