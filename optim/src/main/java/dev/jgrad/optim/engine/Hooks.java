package dev.jgrad.optim.engine;

import dev.jgrad.autograd.RemovableHandle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** An ordered list of hooks; running an empty list costs one size check. */
public final class Hooks<T> {
    private final List<Consumer<? super T>> hooks = new ArrayList<>();

    public RemovableHandle add(Consumer<? super T> hook) {
        Objects.requireNonNull(hook, "hook");
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    public void run(T target) {
        if (hooks.isEmpty()) {
            return;
        }
        for (Consumer<? super T> h : List.copyOf(hooks)) {
            h.accept(target);
        }
    }
}
