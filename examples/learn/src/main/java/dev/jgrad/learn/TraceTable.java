package dev.jgrad.learn;

import dev.jgrad.learn.train.OptimizerSpec;
import dev.jgrad.optim.OptimizerRegistry;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.lang.Double.NaN;

/**
 * Prints a {@link StepTrace} as a table whose column headers carry the algorithm-box line each
 * number comes from, e.g. {@code m (4)}, preceded by the box itself; or as CSV for a spreadsheet.
 */
public final class TraceTable {
    private TraceTable() {}

    /** A column: header for people, header for CSV, and the name the optimizer reports the value under. */
    private record Column(String label, String csv, String key) {
        /** The value, or null if the optimizer did not report one (shown as a dash; a real NaN shows as nan). */
        Double value(StepTrace.Row r) {
            return r.values().get(key);
        }
    }

    /**
     * The columns of {@code rows}: the optimizer's declared columns ({@link OptimizerRegistry.Entry#columns()},
     * labelled with their box lines) whose numbers the loop reported (a column that is NaN throughout, such as
     * SGD's b without momentum, is left out), then any other reported number under its own name.
     */
    private static List<Column> columns(StepTrace trace, List<StepTrace.Row> rows) {
        OptimizerRegistry.Entry<?> entry = OptimizerRegistry.get(trace.config().name());
        Set<String> reported = new LinkedHashSet<>();
        rows.forEach(r -> reported.addAll(r.values().keySet()));
        List<Column> c = new ArrayList<>();
        for (OptimizerRegistry.Column declared : entry.columns()) {
            String key = declared.key();
            if (reported.remove(key) && rows.stream().anyMatch(r -> !Double.isNaN(r.values().getOrDefault(key, NaN)))) {
                c.add(new Column(declared.label(), csvName(key), key));
            }
        }
        for (String key : reported) {
            c.add(new Column(key, csvName(key), key));
        }
        return c;
    }

    /** A key as a CSV header: snake case ({@code mHat} is {@code m_hat}). */
    private static String csvName(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The box, then one line per step and chosen element.
     *
     * @param elementNames a name per element of θ (e.g. {@code x}, {@code y}); the column is left out
     *                     when only one element is shown
     * @param digits       significant digits per number
     */
    public static String format(StepTrace trace, int[] elements, List<String> elementNames, int digits) {
        OptimizerSpec config = trace.config();
        StringBuilder out = new StringBuilder();
        List<String> box = Boxes.of(config.name());
        if (box.isEmpty()) {
            out.append(config.name()).append(" declares no algorithm box (OptimizerRegistry.Entry.withBox).\n");
        } else {
            out.append("The algorithm, from the Javadoc of ").append(Boxes.source(config.name())
                    .replaceAll(".*/", "")).append(" (column headers give the line each number comes from):\n");
            for (String line : box) {
                out.append("  ").append(line.stripTrailing()).append('\n');
            }
        }
        out.append('\n');

        List<Column> cols = columns(trace, trace.rows(elements));
        boolean showElement = elements.length > 1;
        if (!trace.rows(elements).isEmpty() || trace.tensorRows().isEmpty()) {   // Muon reports per tensor only
            out.append(table(trace.rows(elements), cols, header(config, showElement, cols), showElement, elementNames,
                    digits));
        }
        if (!trace.tensorRows().isEmpty()) {
            if (!trace.rows(elements).isEmpty()) {
                out.append('\n');
            }
            List<Column> shared = columns(trace, trace.tensorRows());
            List<String> legend = new ArrayList<>();   // headed by their keys, one word each; the box lines here
            for (Column c : shared) {
                if (!c.label().equals(c.key())) {
                    legend.add(c.key() + " is " + c.label());
                }
            }
            out.append("Shared by every element of the step (the whole tensor's numbers")
                    .append(legend.isEmpty() ? "" : "; " + String.join(", ", legend)).append("):\n");
            List<String> head = new ArrayList<>(List.of("t"));
            shared.forEach(c -> head.add(c.key()));
            out.append(table(trace.tensorRows(), shared, head, false, elementNames, digits));
        }
        return out.toString();
    }

    private static List<String> header(OptimizerSpec config, boolean showElement, List<Column> cols) {
        List<String> header = new ArrayList<>();
        header.add(OptimizerRegistry.get(config.name()).label("t"));   // "t (1)" where the box counts t
        if (showElement) {
            header.add("element");
        }
        for (Column c : cols) {
            header.add(c.label());
        }
        return header;
    }

    private static String table(List<StepTrace.Row> rows, List<Column> cols, List<String> header, boolean showElement,
                                List<String> elementNames, int digits) {
        StringBuilder out = new StringBuilder();
        List<String[]> cells = new ArrayList<>();
        cells.add(header.toArray(new String[0]));
        for (StepTrace.Row r : rows) {
            List<String> line = new ArrayList<>();
            line.add(Long.toString(r.t()));
            if (showElement) {
                line.add(elementNames.get(r.element()));
            }
            for (Column c : cols) {
                line.add(number(c.value(r), digits));
            }
            cells.add(line.toArray(new String[0]));
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], displayWidth(row[i]));
            }
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(" ".repeat(width[i] - displayWidth(row[i]))).append(row[i]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** CSV with a header row; numbers at full precision (the shortest text that reads back exactly). */
    public static String csv(StepTrace trace, int[] elements, List<String> elementNames) {
        List<Column> cols = columns(trace, trace.rows(elements));
        StringBuilder out = new StringBuilder("t,element");
        for (Column c : cols) {
            out.append(',').append(c.csv());
        }
        out.append('\n');
        for (StepTrace.Row r : trace.rows(elements)) {
            out.append(r.t()).append(',').append(elementNames.get(r.element()));
            for (Column c : cols) {
                Double v = c.value(r);
                out.append(',').append(v == null ? "" : v == 0 ? "0" : Double.toString(v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * {@code digits} significant digits, plainly written between 1e-4 and 1e7, else in scientific
     * notation; null (a quantity the optimizer does not have) as a dash, and a real NaN as {@code nan}.
     */
    static String number(Double value, int digits) {
        if (value == null) {
            return "–";
        }
        double v = value;
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (v == 0) {
            return "0";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits));
        double a = Math.abs(rounded.doubleValue());
        if (a >= 1e-4 && a < 1e7) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        String s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        String[] parts = s.split("e");
        String mantissa = parts[0].contains(".") ? parts[0].replaceAll("0+$", "").replaceAll("\\.$", "") : parts[0];
        return mantissa + "e" + parts[1];
    }

    /** Characters as a terminal shows them: combining marks (the hat of m̂) take no column. */
    static int displayWidth(String s) {
        return (int) s.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).count();
    }
}
