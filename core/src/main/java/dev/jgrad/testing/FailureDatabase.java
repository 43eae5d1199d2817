package dev.jgrad.testing;

import dev.jgrad.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a randomly seeded run keeps its last failing try, so that the next run checks it first.
 *
 * <p>One small text file per property, named after the property, holding the run seed and the
 * try number ({@code seed=...}, {@code try=...}): enough to regenerate the value, since try
 * {@code i} of seed {@code s} always draws the same. The next randomly seeded run of the property
 * replays that try before its own; if it fails again it is reported with its stored seed, if it
 * passes the entry is deleted. Runs seeded in code or with {@code -Djgrad.pbt.seed} replay
 * exactly anyway and neither read nor write it.
 *
 * <p>The directory is {@code target/jgrad-pbt} (relative to the working directory, which Maven sets
 * to the module), {@code -Djgrad.pbt.database=DIR}, or {@link Property.Runner#database}; {@code
 * -Djgrad.pbt.database=none} and {@link Property.Runner#withoutDatabase()} switch it off. A
 * database that cannot be read or written is reported on standard error and otherwise ignored: it
 * must never decide a test.
 */
final class FailureDatabase {

    static final Path DEFAULT_DIRECTORY = Path.of("target", "jgrad-pbt");

    /** A stored failure: try {@code tryNumber} of the run seeded {@code seed}. */
    record Entry(long seed, int tryNumber) {
    }

    private final Path directory;

    private FailureDatabase(Path directory) {
        this.directory = directory;
    }

    /** The database a run with these settings uses, or empty when it is switched off. */
    static Optional<FailureDatabase> of(Property.Runner settings) {
        if (settings.databaseOff) {
            return Optional.empty();
        }
        if (settings.database != null) {
            return Optional.of(new FailureDatabase(settings.database));
        }
        String property = System.getProperty(Property.DATABASE_PROPERTY);
        if (property == null || property.isBlank()) {
            return Optional.of(new FailureDatabase(DEFAULT_DIRECTORY));
        }
        if (property.trim().equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        return Optional.of(new FailureDatabase(Path.of(property.trim())));
    }

    /** The file of a property: its name made file-safe, plus a hash so that similar names differ. */
    Path file(String property) {
        String safe = property.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return directory.resolve(safe + "-" + String.format(Locale.ROOT, "%08x", property.hashCode()) + ".txt");
    }

    Optional<Entry> load(String property) {
        Path file = file(property);
        try {
            Long seed = null;
            Integer tryNumber = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("seed=")) {
                    seed = Long.parseLong(line.substring(5).trim());
                } else if (line.startsWith("try=")) {
                    tryNumber = Integer.parseInt(line.substring(4).trim());
                }
            }
            if (seed == null || tryNumber == null || tryNumber < 1) {
                warn("ignoring " + file + ": it needs a seed= and a try= line");
                return Optional.empty();
            }
            return Optional.of(new Entry(seed, tryNumber));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            warn("cannot read " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    void save(String property, Entry entry) {
        Path file = file(property);
        try {
            Files.createDirectories(directory);
            AtomicFile.writeString(file, "# property: " + property.replace('\n', ' ') + "\nseed=" + entry.seed()
                    + "\ntry=" + entry.tryNumber() + "\n");
        } catch (IOException | RuntimeException e) {
            warn("cannot store the failure in " + file + ": " + e.getMessage());
        }
    }

    void delete(String property) {
        Path file = file(property);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            warn("cannot delete " + file + ": " + e.getMessage());
        }
    }

    private static void warn(String message) {
        System.err.println("[jgrad.pbt] failure database: " + message);
    }
}
