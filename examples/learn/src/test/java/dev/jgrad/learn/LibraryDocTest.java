package dev.jgrad.learn;

import dev.jgrad.docs.JavaSnippet;
import dev.jgrad.docs.MarkdownDoc;
import dev.jgrad.learn.train.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/library.md: its examples compile against the library alone and do what the page says. */
class LibraryDocTest {
    private static final MarkdownDoc DOC = MarkdownDoc.read("docs/library.md");
    private static final String[] IMPORTS = {"dev.jgrad.learn.*", "dev.jgrad.learn.data.*", "dev.jgrad.learn.train.*",
        "java.util.List"};

    @Test
    void theTrainingExampleTrainsTwoEpochsAndTheLossFalls() throws Exception {
        JavaSnippet.Result r = JavaSnippet.of(DOC.block("library-train")).imports(IMPORTS)
                .exposing("epochs", "before", "after").run();
        List<?> epochs = r.get("epochs", List.class);
        assertEquals(2, epochs.size());
        assertEquals(2, ((EpochMetrics) epochs.get(1)).epoch());
        double before = r.get("before", Double.class);
        double after = r.get("after", Double.class);
        assertTrue(Double.isFinite(before) && after < before, "loss " + before + " then " + after);
        assertTrue(((EpochMetrics) epochs.get(1)).testAccuracy() > 80, "test accuracy after 2 epochs: " + epochs.get(1));
    }

    @Test
    void theRaceExampleRanksBothOptimizersAndPrintsTheTable() throws Exception {
        JavaSnippet.Result r = JavaSnippet.of(DOC.block("library-race")).imports(IMPORTS)
                .exposing("results", "ranked").run();
        @SuppressWarnings("unchecked")
        List<Race.Result> results = r.get("results", List.class);
        @SuppressWarnings("unchecked")
        List<Race.Standing> ranked = r.get("ranked", List.class);
        assertEquals(List.of("AdamW", "SGD"), results.stream().map(Race.Result::label).sorted().toList());
        for (Race.Result res : results) {
            assertFalse(res.diverged(), res.label());
            assertEquals(1, res.epochs().size());
            assertTrue(Double.isFinite(res.last().trainLoss()) && res.last().testAccuracy() > 10, res.toString());
        }
        assertEquals(2, ranked.size());
        assertTrue(ranked.get(0).finalAccuracy().mean() >= ranked.get(1).finalAccuracy().mean(), ranked.toString());

        // The printed table is the page's, up to the seconds each run took.
        List<String> shown = DOC.blockLines("library-race-output");
        List<String> printed = r.stdout().lines().toList();
        assertEquals(shown.size(), printed.size(), r.stdout());
        assertEquals(shown.get(0), printed.get(0));
        for (int i = 1; i < shown.size(); i++) {
            assertEquals(withoutSeconds(shown.get(i)), withoutSeconds(printed.get(i)), "row " + i);
        }
    }

    private static String withoutSeconds(String row) {
        return row.replaceFirst("\\s+\\d+\\.\\d$", "");
    }
}
