package dev.jgrad.optim.replay;

import java.util.List;
import java.util.Locale;

/**
 * The results for one trajectory file.
 *
 * @param file      the name the file was given as
 * @param generator what recorded it, from the file's {@code generator} field
 * @param cases     one result per case, in file order
 */
public record ReplayReport(String file, String generator, List<CaseResult> cases) {

    public ReplayReport {
        cases = List.copyOf(cases);
    }

    /** Whether every case is within {@link TrajectoryReplay#TOLERANCE}. */
    public boolean passed() {
        return cases.stream().allMatch(CaseResult::passed);
    }

    /**
     * A plain-text table, one line per case, then a summary line, e.g.
     * <pre>
     * optim-trajectories.json (PyTorch 1.13.0a0, float64), tolerance 1e-10 relative
     * case                        kind          optimizer  steps  max rel err  max abs err  result
     * sgd_plain                   open_loop     SGD           25     2.52e-16     1.11e-16  ok
     * adam_amsgrad                open_loop     Adam          25     Infinity     Infinity  FAIL
     *   adam_amsgrad, first beyond the tolerance at final_state 'max_exp_avg_sqq': Adam keeps no entry of that
     *   name (its state: step, exp_avg, exp_avg_sq, max_exp_avg_sq)
     * soap_matrix                 open_loop     SOAP          25     4.09e-12     9.81e-13  ok
     *   soap_matrix: null-space basis fitted, φ = 1.553642 rad (columns 4, 5 of a 6 × 6 basis), 1 parameter fitted
     *   from 25 steps × 24 values and the final state; unfitted (jgrad's own basis) max rel err 6.06e-01
     * ...
     * 16 cases: 15 passed, 1 failed
     * </pre>
     * (the line under a case is one line; the optimizer column is as wide as its longest name).
     */
    public String table() {
        int w = Math.max(4, cases.stream().mapToInt(c -> c.name().length()).max().orElse(4));
        int o = Math.max(9, cases.stream().mapToInt(c -> c.optimizer().length()).max().orElse(9));
        String row = "%-" + w + "s  %-12s  %-" + o + "s  %5s  %11s  %11s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(" (").append(generator).append("), tolerance ")
                .append(String.format(Locale.ROOT, "%.0e", TrajectoryReplay.TOLERANCE)).append(" relative\n");
        sb.append(String.format(Locale.ROOT, row, "case", "kind", "optimizer", "steps", "max rel err", "max abs err",
                "result"));
        for (CaseResult c : cases) {
            sb.append(String.format(Locale.ROOT, row, c.name(), c.kind(), c.optimizer(), c.steps(),
                    String.format(Locale.ROOT, "%.2e", c.maxRelError()), String.format(Locale.ROOT, "%.2e", c.maxAbsError()),
                    c.passed() ? "ok" : "FAIL"));
            if (c.fitted() != null) {
                sb.append("  ").append(c.name()).append(": ").append(c.fitted()).append('\n');
            }
            if (c.firstFailure() != null) {
                sb.append("  ").append(c.name()).append(", first beyond the tolerance at ").append(c.firstFailure())
                        .append('\n');
            }
        }
        long failed = cases.stream().filter(c -> !c.passed()).count();
        sb.append(cases.size()).append(" cases: ").append(cases.size() - failed).append(" passed, ").append(failed)
                .append(" failed\n");
        return sb.toString();
    }
}
