package org.example.digits;

import dev.jgrad.learn.Race;
import dev.jgrad.learn.train.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitsTest {

    @Test
    void theLibrarysTrainerLowersTheLossOnTheBundledDigits() {
        List<EpochMetrics> epochs = Digits.train(2);
        assertEquals(2, epochs.size());
        double first = epochs.get(0).trainLoss(), second = epochs.get(1).trainLoss();
        assertTrue(Double.isFinite(second) && second < first, "training loss " + first + " then " + second);
        assertTrue(epochs.get(1).testAccuracy() > 80, "test accuracy after 2 epochs: " + epochs.get(1).testAccuracy());
    }

    @Test
    void aRaceOfAdamWAndThisProjectsSignumRanksBothByTheirNumbers() {
        List<Race.Standing> ranked = Digits.race();
        assertEquals(List.of("AdamW", "Signum"), ranked.stream().map(Race.Standing::label).sorted().toList());
        for (Race.Standing s : ranked) {
            assertEquals(1, s.runs().size(), s.label());
            Race.Result r = s.runs().get(0);
            assertFalse(r.diverged(), s.label() + " diverged");
            assertEquals(1, r.epochs().size(), s.label());
            assertTrue(Double.isFinite(r.last().trainLoss()) && r.last().trainLoss() < Math.log(10),
                    s.label() + " should beat guessing (loss ln 10): " + r.last().trainLoss());
            assertTrue(r.last().testAccuracy() > 10 && r.last().testAccuracy() <= 100, s.label() + ": " + r.last());
            assertEquals(r.last().testAccuracy(), s.finalAccuracy().mean(), 1e-12, s.label());
        }
        assertTrue(ranked.get(0).finalAccuracy().mean() >= ranked.get(1).finalAccuracy().mean(),
                "ranked by test accuracy: " + ranked);
    }
}
