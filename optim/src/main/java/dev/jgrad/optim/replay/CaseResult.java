package dev.jgrad.optim.replay;

/**
 * How one recorded case compared with jgrad's replay of it.
 *
 * @param name         the case's name in the file
 * @param kind         "open_loop", "closed_loop" or "param_groups"
 * @param optimizer    the optimizer's name, e.g. "AdamW"
 * @param steps        optimizer steps replayed
 * @param maxRelError  the largest |actual − expected| / |expected| over every compared value
 *                     (parameters after each step, losses, final optimizer state)
 * @param maxAbsError  the largest |actual − expected| over the same values
 * @param passed       whether {@code maxRelError} is within {@link TrajectoryReplay#TOLERANCE}
 * @param firstFailure the first compared value beyond the tolerance, in the order the replay compares them
 *                     (step by step); null when the case passed
 * @param fitted       what the replay fitted to the recording before comparing, and from how many values, or why it
 *                     could not: SOAP's first basis within a degenerate eigenspace (see {@code NullSpaceFit}); null
 *                     when nothing was fitted
 */
public record CaseResult(String name, String kind, String optimizer, int steps, double maxRelError, double maxAbsError,
                         boolean passed, Failure firstFailure, String fitted) {

    /** A result without a failure to locate. */
    public CaseResult(String name, String kind, String optimizer, int steps, double maxRelError, double maxAbsError,
                      boolean passed) {
        this(name, kind, optimizer, steps, maxRelError, maxAbsError, passed, null, null);
    }

    /** A result with nothing fitted. */
    public CaseResult(String name, String kind, String optimizer, int steps, double maxRelError, double maxAbsError,
                      boolean passed, Failure firstFailure) {
        this(name, kind, optimizer, steps, maxRelError, maxAbsError, passed, firstFailure, null);
    }

    /**
     * Where a replay first left the recording, and how.
     *
     * @param where the value: the step (from 1), the group, the element of θ (row-major index, or [row, column]
     *              of a matrix), the loss, the closure's evaluation count or the state entry by its key,
     *              e.g. {@code "step 3, θ[1]"} or {@code "final_state 'exp_avg_sq'[0]"}
     * @param what  jgrad's and the recorded number and their relative error, or why they cannot be compared
     */
    public record Failure(String where, String what) {
        @Override
        public String toString() {
            return where + ": " + what;
        }
    }
}
