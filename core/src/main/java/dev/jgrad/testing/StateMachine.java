package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Model-based (stateful) testing: random sequences of actions run against a system and a model of
 * it, with invariants checked after every action; a failing sequence is shrunk to fewer actions
 * with simpler arguments.
 *
 * <p>The state {@code S} is one object holding both the system under test and the model (a few
 * plain fields the test trusts). An {@link Action} has a precondition on that state and a
 * {@code run} that applies it to both and asserts the system's answer against the model's. Actions
 * are ordinary generated values, usually records, so they print with their arguments and shrink
 * like any other value:
 *
 * <pre>{@code
 * record Push(int value) implements StateMachine.Action<Stacks> {
 *     public void run(Stacks s) { s.real.push(value); s.model.add(value); }
 * }
 * record Pop() implements StateMachine.Action<Stacks> {
 *     public boolean precondition(Stacks s) { return !s.model.isEmpty(); }
 *     public void run(Stacks s) { assertEquals(s.model.remove(s.model.size() - 1), s.real.pop()); }
 * }
 * StateMachine.of(Stacks::new, Gen.choose(Gens.ints(-9, 9).map(Push::new), Gen.constant(new Pop())))
 *         .invariant("same size", s -> assertEquals(s.model.size(), s.real.size()))
 *         .check(Property.named("stack against a list"));
 * }</pre>
 *
 * <p>Each try starts from a fresh {@code initial.get()} and runs the sequence in order, skipping an
 * action whose precondition does not hold at that point. Shrinking drops actions (chunks first,
 * then single ones), then shrinks their arguments; every candidate is replayed from a fresh state,
 * so the reported sequence is one that really fails, ending with the action that failed.
 *
 * @param <S> the state: the system under test and its model
 */
public final class StateMachine<S> {

    /** One step of a sequence. */
    public interface Action<S> {

        /** Whether the action makes sense in this state; if not, it is skipped. Must not change the state. */
        default boolean precondition(S state) {
            return true;
        }

        /** Applies the action to the system and the model, asserting what the system answers. */
        void run(S state) throws Throwable;
    }

    private record Invariant<S>(String name, Property.Body<S> check) {
    }

    private final Supplier<S> initial;
    private final Gen<Action<S>> actions;
    private final List<Invariant<S>> invariants;
    private final int maxActions;

    private StateMachine(Supplier<S> initial, Gen<Action<S>> actions, List<Invariant<S>> invariants, int maxActions) {
        this.initial = initial;
        this.actions = actions;
        this.invariants = invariants;
        this.maxActions = maxActions;
    }

    /** A machine starting each sequence from {@code initial.get()}, with actions from {@code actions}. */
    public static <S> StateMachine<S> of(Supplier<S> initial, Gen<? extends Action<S>> actions) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(actions, "actions");
        return new StateMachine<>(initial, actions.map(a -> a), List.of(), 20);
    }

    /** Adds a check run on the initial state and after every action; {@code name} prefixes its failures. */
    public StateMachine<S> invariant(String name, Property.Body<S> check) {
        List<Invariant<S>> more = new ArrayList<>(invariants);
        more.add(new Invariant<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check")));
        return new StateMachine<>(initial, actions, List.copyOf(more), maxActions);
    }

    /** Sequences have 1 to {@code count} actions (default 20). */
    public StateMachine<S> maxActions(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("maxActions must be positive, got " + count);
        }
        return new StateMachine<>(initial, actions, invariants, count);
    }

    /** The generated sequences, for a custom run. */
    public Gen<List<Action<S>>> sequences() {
        return Gen.listOf(actions, 1, maxActions);
    }

    /** Runs {@code sequence} from a fresh state; throws what the first failing action or invariant threw. */
    public void run(List<? extends Action<S>> sequence) throws Throwable {
        S state = initial.get();
        checkInvariants(state);
        for (Action<S> action : sequence) {
            if (!action.precondition(state)) {
                continue;
            }
            action.run(state);
            checkInvariants(state);
        }
    }

    private void checkInvariants(S state) throws Throwable {
        for (Invariant<S> invariant : invariants) {
            invariant.check().check(state);
        }
    }

    /** Checks random sequences with {@code runner}'s settings (tries, seed, ...). */
    public void check(Property.Runner runner) {
        runner.forAll(sequences(), this::run);
    }

    /** Checks random sequences with the default settings, named after the calling test. */
    public void check() {
        Property.forAll(sequences(), this::run);
    }
}
