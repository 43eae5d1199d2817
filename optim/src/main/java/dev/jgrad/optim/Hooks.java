package dev.jgrad.optim;

import dev.jgrad.autograd.RemovableHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** An ordered list of hooks; running an empty list costs one size check. */
final class Hooks<T> {
    private final List<Consumer<? super T>> hooks = new ArrayList<>();

    RemovableHandle add(Consumer<? super T> hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    void run(T target) {
        if (hooks.isEmpty()) {
            return;
        }
        for (Consumer<? super T> h : List.copyOf(hooks)) {
            h.accept(target);
        }
    }
}
