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
        List<Race.Result> ranked = Digits.race();
        assertEquals(List.of("AdamW", "Signum"), ranked.stream().map(Race.Result::label).sorted().toList());
        for (Race.Result r : ranked) {
            assertFalse(r.diverged(), r.label() + " diverged");
            assertEquals(1, r.epochs().size(), r.label());
            assertTrue(Double.isFinite(r.last().trainLoss()) && r.last().trainLoss() < Math.log(10),
                    r.label() + " should beat guessing (loss ln 10): " + r.last().trainLoss());
            assertTrue(r.last().testAccuracy() > 10 && r.last().testAccuracy() <= 100, r.label() + ": " + r.last());
        }
        assertTrue(ranked.get(0).last().testAccuracy() >= ranked.get(1).last().testAccuracy(),
                "ranked by test accuracy: " + ranked);
    }
}
