package dev.jgrad.cli;

import dev.jgrad.learn.Cells;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** jgrad race: deterministic runs, slices that partition the plan, and a merge that equals the whole race. */
class RaceCommandTest {
    @TempDir
    Path tmp;

    /** A small race: three racers, 400 images, a 16-wide MLP, two epochs. */
    private static String[] small(String... more) {
        List<String> args = new ArrayList<>(List.of("race", "--optimizers", "sgd,adam,lion", "--limit", "400",
                "--hidden", "16", "--epochs", "2"));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    /**
     * The CSV without its last two columns, the epoch's seconds and the seconds to the target: the only things that
     * may differ between two equal runs.
     */
    static List<String> withoutSeconds(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(',', l.lastIndexOf(',') - 1)))
                .collect(Collectors.toList());
    }

    /** The ranked table's rows without their last two columns (seconds to the target, seconds per run). */
    static List<String> tableWithoutSeconds(String out) {
        return out.lines().dropWhile(l -> !l.startsWith("rank")).skip(1).takeWhile(l -> l.matches("\\s+\\d+ .*"))
                .map(l -> l.replaceAll("\\s+\\S+\\s+\\S+$", "")).toList();
    }

    @Test
    void slicesPartitionThePlan() {
        Property.named("race: the cells of n partition the runs").forAll(Gens.ints(1, 9), Gens.ints(0, 60), (n, runs) -> {
            for (int r = 0; r < runs; r++) {
                int owners = 0;
                for (int i = 1; i <= n; i++) {
                    owners += new Cells.Slice(i, n).takes(r) ? 1 : 0;
                }
                assertEquals(1, owners, "run " + r + " of " + runs + " with " + n + " cells");
            }
        });
        assertEquals(new Cells.Slice(3, 8), Cells.Slice.parse(" 3/8 "));
        assertThrows(IllegalArgumentException.class, () -> Cells.Slice.parse("0/4"));
        assertThrows(IllegalArgumentException.class, () -> Cells.Slice.parse("5/4"));
        assertThrows(IllegalArgumentException.class, () -> Cells.Slice.parse("two/4"));
    }

    @Test
    void aMergedRaceIsTheWholeRaceAndRanksItsRunners() throws Exception {
        Path whole = tmp.resolve("whole"), cells = tmp.resolve("cells"), merged = tmp.resolve("merged");
        CliTest.Run r = CliTest.jgrad(small("--out", whole.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(whole.resolve("race.png")) > 1000, "the picture");
        List<String> table = r.out().lines().dropWhile(l -> !l.startsWith("rank")).skip(1).takeWhile(l -> l.matches("\\s+\\d+ .*"))
                .toList();
        assertEquals(4, table.size(), r.out());   // "sgd" names both SGD racers: plain and with momentum
        for (int i = 1; i <= 2; i++) {
            CliTest.Run c = CliTest.jgrad(small("--cell", i + "/2", "--out", cells.toString()));
            assertEquals(0, c.code(), c.err());
        }
        CliTest.Run m = CliTest.jgrad("race", "merge", "--out", merged.toString(),
                cells.resolve("race-cell-1-of-2.csv").toString(), cells.resolve("race-cell-2-of-2.csv").toString());
        assertEquals(0, m.code(), m.err());
        assertEquals(withoutSeconds(whole.resolve("race.csv")), withoutSeconds(merged.resolve("race.csv")),
                "every run is deterministic: two cells merged equal one process");
        assertEquals(tableWithoutSeconds(r.out()), tableWithoutSeconds(m.out()), "the same ranking, seconds aside");
        // every racer starts from the same weights and sees the same batches: Lion's rows are the same whether it
        // races alone or with others
        CliTest.Run alone = CliTest.jgrad("race", "--optimizers", "lion", "--limit", "400", "--hidden", "16", "--epochs",
                "2", "--out", tmp.resolve("alone").toString());
        assertEquals(0, alone.code(), alone.err());
        assertEquals(rowsOf("Lion", tmp.resolve("alone").resolve("race.csv")), rowsOf("Lion", whole.resolve("race.csv")));
    }

    /** The rows of racer {@code label} without the run's number, the plan's size and the seconds. */
    private static List<String> rowsOf(String label, Path csv) throws Exception {
        return withoutSeconds(csv).stream().map(l -> l.replaceFirst("^\\d+,\\d+,", "")).filter(l -> l.startsWith(label + ","))
                .toList();
    }

    @Test
    void mergeRefusesMissingDuplicateAndForeignCellsInOneLine() throws Exception {
        Path cells = tmp.resolve("cells");
        for (int i = 1; i <= 2; i++) {
            assertEquals(0, CliTest.jgrad(small("--cell", i + "/2", "--out", cells.toString())).code());
        }
        Path one = cells.resolve("race-cell-1-of-2.csv"), two = cells.resolve("race-cell-2-of-2.csv");
        CliTest.assertOneLineError(CliTest.jgrad("race", "merge", "--out", tmp.resolve("m").toString(), one.toString()),
                "is in none of the files: a slice is missing");
        Path copy = Files.copy(one, tmp.resolve("copy.csv"));
        CliTest.assertOneLineError(CliTest.jgrad("race", "merge", "--out", tmp.resolve("m").toString(), one.toString(),
                copy.toString(), two.toString()), "copy.csv", "is in " + one + " too");
        Path other = tmp.resolve("other");
        assertEquals(0, CliTest.jgrad(small("--cell", "2/2", "--seed", "1", "--out", other.toString())).code());
        CliTest.assertOneLineError(CliTest.jgrad("race", "merge", "--out", tmp.resolve("m").toString(), one.toString(),
                other.resolve("race-cell-2-of-2.csv").toString()), "not the race of");
        Path junk = Files.writeString(tmp.resolve("junk.csv"), "a,b\n1,2\n");
        CliTest.assertOneLineError(CliTest.jgrad("race", "merge", junk.toString()), "junk.csv", "not a race CSV");
    }

    @Test
    void badOptionsAreOneLine() {
        CliTest.assertOneLineError(CliTest.jgrad("race", "--cell", "3/2"), "--cell", "1 <= i <= n");
        CliTest.assertOneLineError(CliTest.jgrad("race", "--optimizers", "lbfgs"), "LBFGS re-evaluates the loss");
        CliTest.assertOneLineError(CliTest.jgrad("race", "--optimizers", "nosuch"), "no racer 'nosuch'");
        CliTest.assertOneLineError(CliTest.jgrad("race", "--epochs", "0"), "--epochs must be between 1");
        CliTest.assertOneLineError(CliTest.jgrad("race", "--seeds", "0"), "--seeds must be between 1");
        CliTest.assertOneLineError(CliTest.jgrad("race", "--target", "90"), "--target is a fraction", "0.9 for 90%");
    }
}
