package dev.jgrad.testing.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jgrad.testing.Gen;
import dev.jgrad.testing.Gens;
import dev.jgrad.testing.Property;
import dev.jgrad.testing.PropertyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** {@link PropertyTest} methods run through JUnit's own launcher, as a build would run them. */
class PropertyTestAnnotationTest {

    static final List<String> CALLS = new ArrayList<>();

    static final class SmallInts implements Supplier<Gen<Integer>> {
        @Override
        public Gen<Integer> get() {
            return Gens.ints(0, 1000);
        }
    }

    /** Not run by the build directly: the nested class is launched by the tests below. */
    static class Examples {
        @PropertyTest(tries = 25)
        void passes(@From(SmallInts.class) int a, boolean flag) {
            CALLS.add("passes " + a + " " + flag);
        }

        @PropertyTest(seed = 42)
        @DisplayName("sum stays small")
        void fails(@From(SmallInts.class) int first, @From(SmallInts.class) int second) {
            assertTrue(first + second < 500, "sum " + (first + second));
        }

        @PropertyTest(tries = 9)
        void inner() {
            Property.forAll(Gens.ints(0, 1000), x -> CALLS.add("inner " + x));
        }
    }

    private static final class Results implements TestExecutionListener {
        final List<String> names = new ArrayList<>();
        final List<TestExecutionResult> results = new ArrayList<>();

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                names.add(id.getDisplayName());
                results.add(result);
            }
        }

        TestExecutionResult of(String name) {
            return results.get(names.indexOf(name));
        }
    }

    private static Results launch() {
        CALLS.clear();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Examples.class)).build();
        Launcher launcher = LauncherFactory.create();
        Results results = new Results();
        launcher.execute(request, results);
        return results;
    }

    @Test
    void parametersAreGeneratedAndFailuresNameThem() {
        Results results = launch();
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.of("passes(int, boolean)").getStatus());
        assertEquals(25, CALLS.stream().filter(c -> c.startsWith("passes")).count());

        TestExecutionResult failed = results.of("sum stays small");
        assertEquals(TestExecutionResult.Status.FAILED, failed.getStatus());
        PropertyFailure failure = (PropertyFailure) failed.getThrowable().orElseThrow();
        assertEquals("sum stays small", failure.propertyName());
        assertEquals(42, failure.seed());
        assertTrue(failure.getMessage().startsWith("Property 'sum stays small' failed on try"), failure.getMessage());
        assertTrue(failure.getMessage().matches("(?s).*shrunk: +first = \\d+, second = \\d+\n.*"),
                failure.getMessage());
    }

    @Test
    void propertiesInsideAParameterlessMethodTakeTheAnnotationsSettings() {
        Results results = launch();
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.of("inner()").getStatus());
        assertEquals(9, CALLS.stream().filter(c -> c.startsWith("inner")).count());
    }
}
