package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model-based runner against a small buggy system: it finds the bug and shrinks the sequence. */
class StateMachineTest {

    /** A bounded stack whose pop is wrong once it has held more than three elements. */
    static final class BuggyStack {
        private final int[] items = new int[16];
        private int size;
        private int highWater;

        void push(int v) {
            items[size++] = v;
            highWater = Math.max(highWater, size);
        }

        int pop() {
            int v = items[--size];
            return highWater > 3 ? v + 1 : v;
        }

        int size() {
            return size;
        }
    }

    /** The system and its model: a list the test trusts. */
    static final class State {
        final BuggyStack real = new BuggyStack();
        final List<Integer> model = new ArrayList<>();
    }

    record Push(int value) implements StateMachine.Action<State> {
        @Override
        public boolean precondition(State s) {
            return s.model.size() < 16;
        }

        @Override
        public void run(State s) {
            s.real.push(value);
            s.model.add(value);
        }
    }

    record Pop() implements StateMachine.Action<State> {
        @Override
        public boolean precondition(State s) {
            return !s.model.isEmpty();
        }

        @Override
        public void run(State s) {
            assertEquals(s.model.remove(s.model.size() - 1), s.real.pop(), "pop");
        }
    }

    private static StateMachine<State> machine() {
        Gen<StateMachine.Action<State>> actions =
                Gen.choose(Gens.ints(-50, 50).map(Push::new), Gen.constant(new Pop()));
        return StateMachine.of(State::new, actions)
                .invariant("same size", s -> assertEquals(s.model.size(), s.real.size()))
                .maxActions(30);
    }

    @Test
    void findsTheBugAndShrinksToTheShortestSequence() {
        for (long s = 1; s <= 5; s++) {
            long seed = s;
            PropertyFailure f = assertThrows(PropertyFailure.class,
                    () -> machine().check(Property.named("stack against a list").seed(seed)));
            // Four pushes of 0 reach the high-water mark; one pop shows the bug.
            assertEquals(List.of(new Push(0), new Push(0), new Push(0), new Push(0), new Pop()), f.shrunk());
            assertTrue(f.getMessage().contains("shrunk:       [Push[value=0], Push[value=0], Push[value=0], "
                    + "Push[value=0], Pop[]]"), f.getMessage());
        }
    }

    @Test
    void preconditionsSkipActionsAndInvariantsRunAfterEachOne() throws Throwable {
        // A pop on an empty stack is skipped, not run.
        machine().run(List.of(new Pop(), new Push(1), new Pop(), new Pop()));
        List<String> log = new ArrayList<>();
        StateMachine<State> logged = StateMachine.<State>of(State::new, Gen.constant(new Push(1)))
                .invariant("log", s -> log.add("size " + s.model.size()));
        logged.run(List.of(new Push(1), new Push(2)));
        assertEquals(List.of("size 0", "size 1", "size 2"), log);
        assertThrows(IllegalArgumentException.class, () -> machine().maxActions(0));
    }

    @Test
    void aCorrectSystemPasses() {
        StateMachine.of(State::new, Gen.choose(Gens.ints(-50, 50).map(Push::new), Gen.constant(new Pop())))
                .invariant("same size", s -> assertEquals(s.model.size(), s.real.size()))
                .maxActions(3)
                .check(Property.named("three actions never reach the bug").tries(200));
    }
}
