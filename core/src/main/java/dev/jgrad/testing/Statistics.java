package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The labels of a run ({@link Property#label}, {@link Property#classify}): per label, how many tries
 * carried it. Collected on the thread running the check, only during the generated tries (not
 * while shrinking, not for examples).
 */
final class Statistics {

    private static final ThreadLocal<Statistics> CURRENT = new ThreadLocal<>();

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private int tries;
    private final Set<String> thisTry = new LinkedHashSet<>();

    static void record(String label) {
        Statistics current = CURRENT.get();
        if (current != null) {
            current.thisTry.add(label);
        }
    }

    /** Starts collecting for one try on this thread. */
    void beginTry() {
        thisTry.clear();
        CURRENT.set(this);
    }

    /** Ends the try; a counted try adds its labels, a discarded one is forgotten. */
    void endTry(boolean counted) {
        CURRENT.remove();
        if (counted) {
            tries++;
            for (String label : thisTry) {
                counts.merge(label, 1, Integer::sum);
            }
        }
        thisTry.clear();
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    /** Percentage of counted tries per label, most frequent first, as fractions in [0, 1]. */
    Map<String, Double> fractions() {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : entries) {
            out.put(e.getKey(), tries == 0 ? 0.0 : (double) e.getValue() / tries);
        }
        return out;
    }

    /** {@code 31.0% one element, 12.0% rank 3 (of 100 tries)}. */
    String summary() {
        List<String> parts = new ArrayList<>();
        fractions().forEach((label, f) -> parts.add(String.format(Locale.ROOT, "%.1f%% %s", 100 * f, label)));
        return String.join(", ", parts) + " (of " + tries + " tries)";
    }
}
