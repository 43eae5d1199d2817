package dev.jgrad.nn;

/** A strict {@link Module#loadStateDict} found keys that do not match; nothing was loaded. */
public final class StateDictMismatchException extends IllegalArgumentException {
    private final transient LoadReport report;

    StateDictMismatchException(String moduleName, LoadReport report) {
        super("Error(s) in loading state dict for " + moduleName + ":\n" + report.describe().indent(2).stripTrailing());
        this.report = report;
    }

    /** Every problem found, for programmatic inspection. */
    public LoadReport report() {
        return report;
    }
}
