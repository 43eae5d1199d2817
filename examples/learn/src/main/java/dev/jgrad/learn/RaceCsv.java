package dev.jgrad.learn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The race's CSV: one row per run and epoch, with what the run shares, so that the slices of a race can be checked
 * and joined ({@link Race#csv}, {@link Race#merge}). The last two columns are wall times, the only ones that differ
 * between two runs of the same race; a run that did not reach the target leaves {@code target_step} and
 * {@code target_seconds} empty.
 */
final class RaceCsv {
    private RaceCsv() {}

    static final String HEADER = "run,runs,optimizer,lr,seed,seeds,epoch,epochs,batch_size,hidden,train_images,tune,"
            + "target,train_loss,test_accuracy,target_step,seconds,target_seconds";

    /** The header of a race from before seeds and targets: read as one seed and no target. */
    static final String HEADER_ONE_SEED = "run,runs,optimizer,lr,epoch,epochs,seed,batch_size,hidden,train_images,tune,"
            + "train_loss,test_accuracy,seconds";

    // Columns of HEADER.
    private static final int RUN = 0, RUNS = 1, OPTIMIZER = 2, LR = 3, SEED = 4, SEEDS = 5, EPOCH = 6, EPOCHS = 7,
            BATCH = 8, HIDDEN = 9, IMAGES = 10, TUNE = 11, TARGET = 12, LOSS = 13, ACCURACY = 14, TARGET_STEP = 15,
            SECONDS = 16, TARGET_SECONDS = 17;

    static String write(List<Race.Result> results, Race.Setup setup, int runs, int trainImages) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Race.Result r : results.stream().sorted(Comparator.comparingInt(Race.Result::run)).toList()) {
            String step = r.reached() == null ? "" : Long.toString(r.reached().step());
            String secs = r.reached() == null ? "" : String.format(Locale.ROOT, "%.3f", r.reached().seconds());
            for (Race.Epoch e : r.epochs()) {
                out.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%d,%d,%d,%d,%d,%d,%d,%s,%s,%s,%s,%s,%.3f,%s%n", r.run(),
                        runs, Cells.quote(r.label()), r.lr(), r.seed(), setup.seeds(), e.epoch(), setup.epochs(),
                        setup.batchSize(), setup.hidden(), trainImages, setup.tune(),
                        Double.isNaN(setup.target()) ? "" : Double.toString(setup.target()), e.trainLoss(),
                        e.testAccuracy(), step, e.seconds(), secs));
            }
        }
        return out.toString();
    }

    static Race.Merged merge(Map<String, String> files) {
        Map<Integer, List<String[]>> rows = new TreeMap<>();
        Map<Integer, String> from = new LinkedHashMap<>();
        String[] shared = null;
        String sharedFile = null;
        int runs = -1;
        for (var f : files.entrySet()) {
            for (String[] row : rows(f.getKey(), f.getValue())) {
                int run = Cells.integer(f.getKey(), row[RUN], "run");
                int seeds = Cells.integer(f.getKey(), row[SEEDS], "seeds");
                long firstSeed = seed(f.getKey(), row[SEED]) - run % Math.max(1, seeds);
                String[] same = {row[RUNS], row[SEEDS], Long.toString(firstSeed), row[EPOCHS], row[BATCH], row[HIDDEN],
                    row[IMAGES], row[TUNE], row[TARGET]};
                if (shared == null) {
                    shared = same;
                    sharedFile = f.getKey();
                    runs = Cells.integer(f.getKey(), row[RUNS], "runs");
                } else if (!Arrays.equals(shared, same)) {
                    throw new IllegalArgumentException(f.getKey() + ": not the race of " + sharedFile + " (runs, seeds, "
                            + "first seed, epochs, batch_size, hidden, train_images, tune, target: " + String.join(",", same)
                            + " vs " + String.join(",", shared) + ")");
                }
                String prior = from.putIfAbsent(run, f.getKey());
                if (prior != null && !prior.equals(f.getKey())) {
                    throw new IllegalArgumentException(f.getKey() + ": run " + (run + 1) + " is in " + prior + " too");
                }
                rows.computeIfAbsent(run, k -> new ArrayList<>()).add(row);
            }
        }
        if (shared == null) {
            throw new IllegalArgumentException("no rows in " + String.join(", ", files.keySet()));
        }
        int epochs = Cells.integer(sharedFile, shared[3], "epochs");
        List<Race.Result> out = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            List<String[]> mine = rows.get(run);
            if (mine == null) {
                throw new IllegalArgumentException("run " + (run + 1) + " of " + runs + " is in none of the files: a slice "
                        + "is missing");
            }
            String file = from.get(run);
            if (mine.size() != epochs) {
                throw new IllegalArgumentException(file + ": run " + (run + 1) + " has " + mine.size()
                        + " epoch rows, the race has " + epochs);
            }
            List<Race.Epoch> es = new ArrayList<>();
            for (String[] row : mine) {
                es.add(new Race.Epoch(Cells.integer(file, row[EPOCH], "epoch"), Cells.number(file, row[LOSS]),
                        Cells.number(file, row[ACCURACY]), Cells.number(file, row[SECONDS])));
            }
            es.sort(Comparator.comparingInt(Race.Epoch::epoch));
            String[] first = mine.get(0);
            Race.Reached reached = first[TARGET_STEP].isBlank() ? null : new Race.Reached(
                    Cells.integer(file, first[TARGET_STEP], "target_step"), Cells.number(file, first[TARGET_SECONDS]));
            out.add(new Race.Result(run, first[OPTIMIZER], Cells.number(file, first[LR]), seed(file, first[SEED]), es,
                    reached));
        }
        if (rows.size() > runs) {
            throw new IllegalArgumentException("the files hold runs beyond the race's " + runs);
        }
        Race.Setup setup = new Race.Setup(epochs, Cells.integer(sharedFile, shared[4], "batch_size"),
                Cells.integer(sharedFile, shared[5], "hidden"), Long.parseLong(shared[2]),
                Cells.integer(sharedFile, shared[1], "seeds"), 0, Boolean.parseBoolean(shared[7].trim()),
                shared[8].isBlank() ? Double.NaN : Cells.number(sharedFile, shared[8]));
        return new Race.Merged(out, setup, runs, Cells.integer(sharedFile, shared[6], "train_images"));
    }

    /** The rows of one file in {@link #HEADER}'s columns; a one-seed race's rows are moved into them. */
    private static List<String[]> rows(String file, String text) {
        String first = text.lines().findFirst().orElse("").strip();
        if (!first.equals(HEADER_ONE_SEED)) {
            return Cells.read(file, text, HEADER);
        }
        List<String[]> out = new ArrayList<>();
        for (String[] r : Cells.read(file, text, HEADER_ONE_SEED)) {   // run,runs,optimizer,lr,epoch,epochs,seed,...
            out.add(new String[] {r[0], r[1], r[2], r[3], r[6], "1", r[4], r[5], r[7], r[8], r[9], r[10], "", r[11],
                r[12], "", r[13], ""});
        }
        return out;
    }

    private static long seed(String file, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": seed '" + text + "' is not a whole number", e);
        }
    }
}
