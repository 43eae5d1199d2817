package dev.jgrad.optim.replay;

/**
 * How one recorded case compared with jgrad's replay of it.
 *
 * @param name        the case's name in the file
 * @param kind        "open_loop", "closed_loop" or "param_groups"
 * @param optimizer   the optimizer's name, e.g. "AdamW"
 * @param steps       optimizer steps replayed
 * @param maxRelError the largest |actual − expected| / |expected| over every compared value
 *                    (parameters after each step, losses, final optimizer state)
 * @param maxAbsError the largest |actual − expected| over the same values
 * @param passed      whether {@code maxRelError} is within {@link TrajectoryReplay#TOLERANCE}
 */
public record CaseResult(String name, String kind, String optimizer, int steps, double maxRelError, double maxAbsError,
                         boolean passed) {}
