package dev.jgrad.examples.learn;

import java.util.List;

/**
 * The algorithm boxes from the Javadoc of {@code SGD}, {@code Adam} and {@code AdamW}, line by line,
 * so that a trace can say which line each number comes from. The text is copied verbatim (a test
 * compares it with the sources), so the numbers in a trace's column headers are the numbers the
 * code's comments carry.
 */
final class Boxes {
    private Boxes() {}

    static final List<String> SGD = List.of(
            "(1) g ← ∇θ f(θ)                      if maximize: g ← −g",
            "(2) if λ ≠ 0: g ← g + λθ            coupled weight decay: the L2 penalty's gradient",
            "(3) d ← g                            the step direction, without momentum",
            "    if μ ≠ 0:",
            "(4)     if b is absent: b ← g        first step: no dampening",
            "(5)     else:           b ← μb + (1 − τ)g",
            "(6)     d ← g + μb if nesterov, else d ← b",
            "(7) θ ← θ − γd");

    static final List<String> ADAM = List.of(
            "(1) t ← t + 1",
            "(2) g ← ∇θ f(θ)                      if maximize: g ← −g",
            "(3) if λ ≠ 0: g ← g + λθ             coupled L2: the decay enters m and v",
            "(4) m ← β₁m + (1 − β₁)g",
            "(5) v ← β₂v + (1 − β₂)g²",
            "(6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below",
            "(7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)",
            "(8) θ ← θ − γ·m̂ / (√v̂ + ε)");

    static final List<String> ADAMW = List.of(
            "(1) t ← t + 1",
            "(2) g ← ∇θ f(θ)                      if maximize: g ← −g",
            "(3) θ ← θ − γλθ                      decoupled: m and v never see the decay",
            "    (paper mode: θ ← θ − η_tλθ, η_t = γ / initial γ)",
            "(4) m ← β₁m + (1 − β₁)g",
            "(5) v ← β₂v + (1 − β₂)g²",
            "(6) if amsgrad: vMax ← max(vMax, v), and use vMax for v below",
            "(7) m̂ ← m / (1 − β₁ᵗ),  v̂ ← v / (1 − β₂ᵗ)",
            "(8) θ ← θ − γ·m̂ / (√v̂ + ε)");

    /** The box of {@code kind}'s Javadoc. */
    static List<String> of(OptimizerConfig.Kind kind) {
        return switch (kind) {
            case SGD -> SGD;
            case ADAM -> ADAM;
            case ADAMW -> ADAMW;
        };
    }

    /** The source file whose Javadoc holds the box, relative to the repository root. */
    static String source(OptimizerConfig.Kind kind) {
        String name = switch (kind) {
            case SGD -> "SGD";
            case ADAM -> "Adam";
            case ADAMW -> "AdamW";
        };
        return "optim/src/main/java/dev/jgrad/optim/" + name + ".java";
    }
}
