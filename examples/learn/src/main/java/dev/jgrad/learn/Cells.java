package dev.jgrad.learn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Splitting a grid of independent, deterministic training runs over many processes or machines, and reading
 * back the CSVs they write: the mechanism behind {@code race --cell i/n} and {@code race merge}.
 */
public final class Cells {
    private Cells() {}

    /**
     * Slice {@code index} of {@code count} (1-based, as GNU parallel's {@code {#}} and Slurm's array indices
     * usually are): the runs whose number r has r mod count = index − 1.
     */
    public record Slice(int index, int count) {
        /** Every run. */
        public static final Slice ALL = new Slice(1, 1);

        public Slice {
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("a cell is i/n with 1 <= i <= n, got " + index + "/" + count);
            }
        }

        /** Parses {@code i/n}. */
        public static Slice parse(String text) {
            String[] parts = text.trim().split("/", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("a cell is i/n (e.g. 3/8), got '" + text + "'");
            }
            try {
                return new Slice(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a cell is i/n with whole numbers (e.g. 3/8), got '" + text + "'", e);
            }
        }

        /** Whether run number {@code run} (0-based, in plan order) belongs to this slice. */
        public boolean takes(int run) {
            return run % count == index - 1;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /**
     * Trains every item of {@code work}, {@code jobs} at a time, and returns the results in {@code work}'s order;
     * {@code done} hears each as it finishes, one at a time (listeners need not be thread-safe). The runs are
     * independent and deterministic, so the results do not depend on {@code jobs}.
     */
    static <W, R> List<R> train(List<W> work, int jobs, String name, Function<W, R> run, Consumer<R> done) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be >= 1, got " + jobs);
        }
        if (work.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, work.size()), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true); // an interrupted grid must not keep the JVM alive
            return t;
        });
        Object lock = new Object();
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (W w : work) {
                futures.add(pool.submit(() -> {
                    R r = run.apply(w);
                    synchronized (lock) {
                        done.accept(r);
                    }
                    return r;
                }));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the " + name + " was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The slices' CSV files, by name, in the order given; one line naming the file if one cannot be read. */
    public static Map<String, String> readAll(List<Path> files) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                texts.put(f.toString(), Files.readString(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + Outputs.reason(e), e);
            }
        }
        return texts;
    }

    /** A CSV field, quoted if it holds a comma or a quote. */
    static String quote(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    /**
     * The rows of a CSV whose first line must be {@code header}; every row must have as many fields.
     *
     * @throws IllegalArgumentException naming {@code file}, the line and what is wrong
     */
    static List<String[]> read(String file, String text, String header) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).strip().equals(header)) {
            throw new IllegalArgumentException(file + ": not a race CSV (expected the header '" + header + "')");
        }
        int columns = header.split(",").length;
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] fields = split(lines.get(i));
            if (fields.length != columns) {
                throw new IllegalArgumentException(file + ", line " + (i + 1) + ": " + fields.length + " fields, expected "
                        + columns);
            }
            rows.add(fields);
        }
        return rows;
    }

    private static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out.toArray(new String[0]);
    }

    static int integer(String file, String text, String column) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + column + " '" + text + "' is not a whole number", e);
        }
    }

    static double number(String file, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": '" + text + "' is not a number", e);
        }
    }
}
