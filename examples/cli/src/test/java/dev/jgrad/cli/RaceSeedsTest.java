package dev.jgrad.cli;

import dev.jgrad.learn.Race;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * race --seeds: statistics over the seeds, the ranking by their mean, cells over (optimizer, seed) pairs that merge
 * into the one-process race, and the time to the target accuracy.
 */
class RaceSeedsTest {
    @TempDir
    Path tmp;

    /** A run of {@code label} whose test accuracy after each epoch is {@code acc} and whose loss is 100 − that. */
    private static Race.Result run(int index, String label, double lr, long seed, double... acc) {
        List<Race.Epoch> epochs = new ArrayList<>();
        for (int e = 0; e < acc.length; e++) {
            epochs.add(new Race.Epoch(e + 1, (100 - acc[e]) / 10, acc[e], 1.5));
        }
        return new Race.Result(index, label, lr, seed, epochs, null);
    }

    @Test
    void statisticsAreMeanSampleDeviationMinAndMaxOfTheFiniteValues() {
        Race.Stats s = Race.Stats.of(new double[] {90, 92, 97, Double.NaN});
        assertEquals(3, s.n());
        assertEquals(93, s.mean(), 1e-12);
        assertEquals(Math.sqrt((9 + 1 + 16) / 2.0), s.sd(), 1e-12);   // n − 1 in the denominator
        assertEquals(90, s.min());
        assertEquals(97, s.max());
        assertEquals(0, Race.Stats.of(new double[] {91.5}).sd());
        assertEquals(0, Race.Stats.of(new double[] {Double.NaN}).n());
        assertTrue(Double.isNaN(Race.Stats.of(new double[0]).mean()));
    }

    @Test
    void rankedByTheMeanOverSeedsNotByTheBestSeedAndDivergedRunsCountFirst() {
        List<Race.Result> results = List.of(
                run(0, "Lucky", 0.1, 0, 80, 96), run(1, "Lucky", 0.1, 1, 80, 82),         // mean 89, best seed 96
                run(2, "Steady", 0.1, 0, 85, 90), run(3, "Steady", 0.1, 1, 85, 91),       // mean 90.5
                run(4, "Brittle", 0.1, 0, 95, 99), run(5, "Brittle", 0.1, 1, Double.NaN, Double.NaN));
        List<Race.Standing> ranked = Race.ranking(results);
        assertEquals(List.of("Steady", "Lucky", "Brittle"), ranked.stream().map(Race.Standing::label).toList());
        Race.Standing lucky = ranked.get(1);
        assertEquals(89, lucky.finalAccuracy().mean(), 1e-12);
        assertEquals(82, lucky.finalAccuracy().min());
        assertEquals(96, lucky.finalAccuracy().max());
        assertEquals(80, lucky.testAccuracy(1).mean(), 1e-12);
        assertEquals(1, ranked.get(2).diverged());
        assertEquals(1, ranked.get(2).finalAccuracy().n(), "a diverged run is left out of the statistics");
        String table = Race.table(ranked, 0.9);
        assertTrue(table.contains("89.00%") && table.contains("82.00–96.00"), table);
        assertTrue(table.contains("(1 div.)"), table);
    }

    @Test
    void tuningPicksTheRateWithTheLowestMeanTrainingLossOverTheSeeds() {
        List<Race.Result> results = List.of(
                run(0, "A", 0.1, 0, 99, 50), run(1, "A", 0.1, 1, 99, 60),     // one great seed, mean loss 4.5
                run(2, "A", 0.3, 0, 90, 80), run(3, "A", 0.3, 1, 90, 81));    // mean loss 1.95
        Race.Standing a = Race.ranking(results).get(0);
        assertEquals(0.3, a.lr());
        assertEquals(2, a.runs().size());
    }

    @Test
    void aRaceCsvFromBeforeSeedsMergesAsOneSeedWithoutATarget() {
        String old = "run,runs,optimizer,lr,epoch,epochs,seed,batch_size,hidden,train_images,tune,train_loss,"
                + "test_accuracy,seconds\n"
                + "0,2,Adam,0.001,1,1,4,64,500,8000,false,0.5,90.5,1.25\n"
                + "1,2,\"SGD, momentum 0.9\",0.01,1,1,4,64,500,8000,false,0.75,88.0,0.5\n";
        Race.Merged m = Race.merge(Map.of("old.csv", old));
        assertEquals(1, m.setup().seeds());
        assertEquals(4, m.setup().seed());
        assertTrue(Double.isNaN(m.setup().target()));
        assertEquals(List.of("Adam", "SGD, momentum 0.9"), m.results().stream().map(Race.Result::label).toList());
        assertEquals(4, m.results().get(1).seed());
        assertNull(m.results().get(0).reached());
        assertEquals(90.5, m.results().get(0).last().testAccuracy());
        assertTrue(Race.table(Race.ranking(m.results()), m.setup().target()).contains("steps to target"));
    }

    @Test
    void thePlanRunsEverySeedInnermostWithTheSameSeedsForEveryOptimizer() {
        Race.Setup setup = new Race.Setup(1, 64, 8, 7, 3, 0, true, 0.9);
        List<Race.Racer> field = Race.field().subList(0, 2);
        List<Race.Run> plan = Race.plan(field, setup);
        assertEquals(2 * Race.TUNE_FACTORS.size() * 3, plan.size());
        for (Race.Run r : plan) {
            assertEquals(7 + r.index() % 3, r.seed());
            assertEquals(field.get(r.index() / (3 * Race.TUNE_FACTORS.size())), r.racer());
        }
    }

    /** A small race with two seeds: Adam and Lion, 300 images, an 8-wide MLP, two epochs. */
    private static String[] small(String... more) {
        return race("adam,lion", more);
    }

    /** A small race of {@code optimizers} with two seeds. */
    private static String[] race(String optimizers, String... more) {
        List<String> args = new ArrayList<>(List.of("race", "--optimizers", optimizers, "--limit", "300", "--hidden", "8",
                "--epochs", "2", "--seeds", "2", "--batch-size", "10"));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    @Test
    void cellsOverOptimizerAndSeedMergeIntoTheOneProcessRace() throws Exception {
        Path whole = tmp.resolve("whole"), cells = tmp.resolve("cells"), merged = tmp.resolve("merged");
        CliTest.Run r = CliTest.jgrad(small("--out", whole.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("seeds 0 to 1: 4 runs"), r.out());
        List<String> args = new ArrayList<>(List.of("race", "merge", "--out", merged.toString()));
        for (int i = 1; i <= 3; i++) {   // 4 runs over 3 cells: a cell holds runs of different optimizers and seeds
            CliTest.Run c = CliTest.jgrad(small("--cell", i + "/3", "--out", cells.toString()));
            assertEquals(0, c.code(), c.err());
            args.add(cells.resolve("race-cell-" + i + "-of-3.csv").toString());
        }
        CliTest.Run m = CliTest.jgrad(args.toArray(new String[0]));
        assertEquals(0, m.code(), m.err());
        assertEquals(RaceCommandTest.withoutSeconds(whole.resolve("race.csv")),
                RaceCommandTest.withoutSeconds(merged.resolve("race.csv")));
        assertEquals(RaceCommandTest.tableWithoutSeconds(r.out()), RaceCommandTest.tableWithoutSeconds(m.out()));
        assertEquals(2, RaceCommandTest.tableWithoutSeconds(r.out()).size(), r.out());
        assertTrue(r.out().contains("mean acc") && r.out().contains("min–max"), r.out());

        // the seeds differ from each other, and seed s of the race is the one-seed race from --seed s
        List<Race.Result> results = Race.merge(Map.of("whole", Files.readString(whole.resolve("race.csv")))).results();
        assertNotEquals(results.get(0).epochs().get(0).trainLoss(), results.get(1).epochs().get(0).trainLoss());
        Path one = tmp.resolve("one");
        CliTest.Run alone = CliTest.jgrad("race", "--optimizers", "adam", "--limit", "300", "--hidden", "8", "--epochs",
                "2", "--batch-size", "10", "--seed", "1", "--out", one.toString());
        assertEquals(0, alone.code(), alone.err());
        Race.Result seed1 = Race.merge(Map.of("one", Files.readString(one.resolve("race.csv")))).results().get(0);
        assertEquals(1, results.get(1).seed());
        assertEquals(seed1.epochs().stream().map(e -> List.of(e.trainLoss(), e.testAccuracy())).toList(),
                results.get(1).epochs().stream().map(e -> List.of(e.trainLoss(), e.testAccuracy())).toList());
        assertEquals(seed1.toTarget().map(Race.Reached::step), results.get(1).toTarget().map(Race.Reached::step));
    }

    @Test
    void mergeRefusesCellsOfAnotherFirstSeedOrTarget() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
        assertEquals(0, CliTest.jgrad(small("--cell", "1/2", "--out", a.toString())).code());
        assertEquals(0, CliTest.jgrad(small("--cell", "2/2", "--seed", "5", "--out", b.toString())).code());
        assertEquals(0, CliTest.jgrad(small("--cell", "2/2", "--target", "0.5", "--out", c.toString())).code());
        for (Path other : List.of(b, c)) {
            CliTest.assertOneLineError(CliTest.jgrad("race", "merge", "--out", tmp.resolve("m").toString(),
                    a.resolve("race-cell-1-of-2.csv").toString(), other.resolve("race-cell-2-of-2.csv").toString()),
                    "not the race of");
        }
    }

    @Test
    void timeToTargetIsTheFirstCheckAtOrAboveItAndTheChecksDoNotChangeTraining() throws Exception {
        Path low = tmp.resolve("low"), never = tmp.resolve("never");
        // Adam and NAdam: both reach 20% within the two epochs, Adam in the second, at a check within it
        assertEquals(0, CliTest.jgrad(race("adam,nadam", "--target", "0.2", "--out", low.toString())).code());
        assertEquals(0, CliTest.jgrad(race("adam,nadam", "--target", "1", "--out", never.toString())).code());
        List<Race.Result> reached = Race.merge(Map.of("low", Files.readString(low.resolve("race.csv")))).results();
        List<Race.Result> unreached = Race.merge(Map.of("never", Files.readString(never.resolve("race.csv")))).results();
        int stepsPerEpoch = 30;   // 300 images in batches of 10
        for (int i = 0; i < reached.size(); i++) {
            Race.Result r = reached.get(i), u = unreached.get(i);
            assertNull(u.reached(), "nobody gets every test digit right");
            // checking the test split every 25 steps until 20% is reached, or all the way, trains the same
            assertEquals(u.epochs().stream().map(e -> List.of(e.trainLoss(), e.testAccuracy())).toList(),
                    r.epochs().stream().map(e -> List.of(e.trainLoss(), e.testAccuracy())).toList(), r.label());
            Race.Reached at = r.toTarget().orElseThrow(() -> new AssertionError(r.label() + " never reached 20%"));
            assertTrue(at.step() % stepsPerEpoch % 25 == 0 || at.step() % stepsPerEpoch == 0, "a check or an epoch's end: " + at);
            for (Race.Epoch e : r.epochs()) {   // no epoch ended at the target before the step it was first seen
                if ((long) e.epoch() * stepsPerEpoch < at.step()) {
                    assertTrue(e.testAccuracy() < 20, r.label() + " " + e);
                }
            }
            int epochOfTarget = (int) ((at.step() + stepsPerEpoch - 1) / stepsPerEpoch);
            if (at.step() % stepsPerEpoch == 0) {
                assertTrue(r.epochs().get(epochOfTarget - 1).testAccuracy() >= 20);
            }
            assertTrue(at.seconds() > 0 && at.seconds() <= r.seconds(), at + " within the run's " + r.seconds() + " s");
        }
        assertTrue(Files.readString(never.resolve("race.csv")).lines().skip(1).allMatch(l -> l.matches(".*,1\\.0,.*,,[^,]*,$")),
                "target 1.0 written, target_step and target_seconds left empty");
    }
}
