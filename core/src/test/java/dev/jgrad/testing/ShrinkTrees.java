package dev.jgrad.testing;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Visits parts of shrink trees, so tests can check invariants of shrunk values too. */
final class ShrinkTrees {

    private ShrinkTrees() {
    }

    /**
     * Checks the root, every direct candidate, and the candidates along a few random paths down
     * to the leaves. Whole trees are far too large to visit, but a violated invariant usually
     * shows up in one of these.
     */
    static <T> void check(Gen<T> gen, int samples, long seed, Consumer<? super T> invariant) {
        Source source = new Source(seed);
        for (int i = 0; i < samples; i++) {
            Shrinkable<T> root = gen.generate(source);
            invariant.accept(root.value());
            root.shrinks().limit(500).forEach(c -> invariant.accept(c.value()));
            for (int path = 0; path < 3; path++) {
                randomDescent(root, source, invariant);
            }
        }
    }

    private static <T> void randomDescent(Shrinkable<T> root, Source source, Consumer<? super T> invariant) {
        Shrinkable<T> node = root;
        for (int depth = 0; depth < 200; depth++) {
            List<Shrinkable<T>> candidates = node.shrinks().limit(50).collect(Collectors.toList());
            if (candidates.isEmpty()) {
                return;
            }
            candidates.forEach(c -> invariant.accept(c.value()));
            node = candidates.get(source.nextInt(0, candidates.size() - 1));
        }
    }
}
