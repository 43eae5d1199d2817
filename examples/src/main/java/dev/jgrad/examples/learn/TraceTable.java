package dev.jgrad.examples.learn;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Prints a {@link StepTrace} as a table whose column headers carry the algorithm-box line each
 * number comes from, e.g. {@code m (4)}, preceded by the box itself; or as CSV for a spreadsheet.
 */
public final class TraceTable {
    private TraceTable() {}

    /** A column: header for people, header for CSV, and the value. */
    private record Column(String label, String csv, ToDoubleFunction<StepTrace.Row> value) {}

    private static List<Column> columns(OptimizerConfig config) {
        List<Column> c = new ArrayList<>();
        switch (config.kind()) {
            case SGD -> {
                c.add(new Column("g (1,2)", "g", StepTrace.Row::g));
                if (config.sgd().momentum() != 0) c.add(new Column("b (4,5)", "b", StepTrace.Row::m));
                c.add(new Column("d (3,6)", "d", StepTrace.Row::direction));
                c.add(new Column("decay λθ (2)", "decay", StepTrace.Row::decay));
                c.add(new Column("update γd (7)", "update", StepTrace.Row::update));
                c.add(new Column("θ (7)", "theta", StepTrace.Row::theta));
            }
            case ADAM, ADAMW -> {
                boolean adamW = config.kind() == OptimizerConfig.Kind.ADAMW;
                c.add(new Column(adamW ? "g (2)" : "g (2,3)", "g", StepTrace.Row::g));
                c.add(new Column("m (4)", "m", StepTrace.Row::m));
                c.add(new Column(config.adam().amsgrad() ? "vMax (5,6)" : "v (5)", "v", StepTrace.Row::v));
                c.add(new Column("m̂ (7)", "m_hat", StepTrace.Row::mHat));
                c.add(new Column("v̂ (7)", "v_hat", StepTrace.Row::vHat));
                c.add(new Column("√v̂+ε (7)", "denom", StepTrace.Row::denom));
                c.add(new Column(adamW ? "decay γλθ (3)" : "decay λθ (3)", "decay", StepTrace.Row::decay));
                c.add(new Column("update (8)", "update", StepTrace.Row::update));
                c.add(new Column(adamW ? "θ (3,8)" : "θ (8)", "theta", StepTrace.Row::theta));
            }
        }
        return c;
    }

    /**
     * The box, then one line per step and chosen element.
     *
     * @param elementNames a name per element of θ (e.g. {@code x}, {@code y}); the column is left out
     *                     when only one element is shown
     * @param digits       significant digits per number
     */
    public static String format(StepTrace trace, int[] elements, List<String> elementNames, int digits) {
        OptimizerConfig config = trace.config();
        StringBuilder out = new StringBuilder();
        out.append("The algorithm, from the Javadoc of ").append(Boxes.source(config.kind())
                .replaceAll(".*/", "")).append(" (column headers give the line each number comes from):\n");
        for (String line : Boxes.of(config.kind())) out.append("  ").append(line.stripTrailing()).append('\n');
        out.append('\n');

        List<Column> cols = columns(config);
        boolean showElement = elements.length > 1;
        List<String[]> cells = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add(config.kind() == OptimizerConfig.Kind.SGD ? "t" : "t (1)");
        if (showElement) header.add("element");
        for (Column c : cols) header.add(c.label());
        cells.add(header.toArray(new String[0]));
        for (StepTrace.Row r : trace.rows(elements)) {
            List<String> line = new ArrayList<>();
            line.add(Long.toString(r.t()));
            if (showElement) line.add(elementNames.get(r.element()));
            for (Column c : cols) line.add(number(c.value().applyAsDouble(r), digits));
            cells.add(line.toArray(new String[0]));
        }
        int[] width = new int[cells.get(0).length];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], displayWidth(row[i]));
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (i > 0) line.append("  ");
                line.append(" ".repeat(width[i] - displayWidth(row[i]))).append(row[i]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** CSV with a header row; numbers at full precision (the shortest text that reads back exactly). */
    public static String csv(StepTrace trace, int[] elements, List<String> elementNames) {
        List<Column> cols = columns(trace.config());
        StringBuilder out = new StringBuilder("t,element");
        for (Column c : cols) out.append(',').append(c.csv());
        out.append('\n');
        for (StepTrace.Row r : trace.rows(elements)) {
            out.append(r.t()).append(',').append(elementNames.get(r.element()));
            for (Column c : cols) {
                double v = c.value().applyAsDouble(r);
                out.append(',').append(Double.isNaN(v) ? "" : v == 0 ? "0" : Double.toString(v));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * {@code digits} significant digits, plainly written between 1e-4 and 1e7, else in scientific
     * notation; NaN (a quantity the optimizer does not have) as a dash.
     */
    static String number(double v, int digits) {
        if (Double.isNaN(v)) return "–";
        if (v == 0) return "0";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits));
        double a = Math.abs(rounded.doubleValue());
        if (a >= 1e-4 && a < 1e7) return rounded.stripTrailingZeros().toPlainString();
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
