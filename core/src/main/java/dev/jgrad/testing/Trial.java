package dev.jgrad.testing;

import java.time.Duration;
import java.util.Set;

/**
 * One call of a property's check and what came of it: passed, discarded, or failed with a
 * throwable. Interrupts and test-framework aborts are not outcomes: they leave untouched.
 */
record Trial(Throwable failure, Discarded discard) {

    private static final Trial PASSED = new Trial(null, null);

    /**
     * JUnit 5 / opentest4j and JUnit 4 signal "skip this test" (an assumption, an abort) with these.
     * Matched by name because the harness depends on no test framework; a subclass counts too.
     */
    private static final Set<String> ABORTS = Set.of("org.opentest4j.TestAbortedException",
            "org.junit.AssumptionViolatedException", "org.junit.internal.AssumptionViolatedException");

    boolean passed() {
        return failure == null && discard == null;
    }

    static <T> Trial of(Property.Body<? super T> body, T value, Duration deadline) {
        long start = System.nanoTime();
        try {
            body.check(value);
        } catch (Discarded d) {
            return new Trial(null, d);
        } catch (OutOfMemoryError e) {
            // Not a verdict on the value: the report itself would likely fail too.
            throw e;
        } catch (Throwable t) {
            if (isAbort(t)) {
                throw Trial.<RuntimeException>sneaky(t);
            }
            return new Trial(t, null);
        }
        if (deadline != null) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (took.compareTo(deadline) > 0) {
                return new Trial(new DeadlineExceeded(took, deadline), null);
            }
        }
        return PASSED;
    }

    /** Throws if this thread was interrupted between tries (say by JUnit's {@code @Timeout}). */
    static void checkInterrupted(String property) {
        if (Thread.currentThread().isInterrupted()) {
            throw Trial.<RuntimeException>sneaky(new InterruptedException("property '" + property
                    + "' was interrupted"));
        }
    }

    /** An interrupt or a framework abort: not a property failure, not to be shrunk. */
    static boolean isAbort(Throwable t) {
        if (t instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (ABORTS.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Rethrows {@code t} as it is, checked or not: the caller's signature must not wrap it. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
