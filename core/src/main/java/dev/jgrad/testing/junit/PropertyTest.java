package dev.jgrad.testing.junit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A JUnit 5 test that is a property. Two uses, which can be mixed:
 *
 * <ul>
 *   <li><b>A method with parameters</b> is the check itself: each parameter gets a generated value,
 *       from {@link From @From(...)} or, for {@code int}, {@code double} and {@code boolean}, from
 *       {@code Gens.ints(Integer.MIN_VALUE, Integer.MAX_VALUE)}, {@code Gens.allDoubles()} and
 *       {@code Gens.booleans()}. A failure names the parameters: {@code shrunk: a = 0, b = 1}.</li>
 *   <li><b>A method without parameters</b> runs once; every {@code Property.forAll} inside it takes
 *       this annotation's settings as defaults (and its unnamed properties the test's display
 *       name).</li>
 * </ul>
 *
 * <pre>{@code
 * @PropertyTest(tries = 200)
 * void additionCommutes(@From(SmallInts.class) int a, @From(SmallInts.class) int b) {
 *     assertEquals(a + b, b + a);
 * }
 * }</pre>
 *
 * <p>The property is named after the test's display name ({@code @DisplayName} included); the
 * seed line and the failure report carry it. Plain {@code @Test} methods calling
 * {@code Property.forAll} keep working unchanged.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(PropertyExtension.class)
public @interface PropertyTest {

    /** Tries; 0 (the default) leaves it to {@code -Djgrad.pbt.tries} or 100. */
    int tries() default 0;

    /** A fixed seed, e.g. one a failure reported; empty (the default) for a random or {@code -D} seed. */
    long[] seed() default {};

    /** Per-try deadline in milliseconds; 0 (the default) for none. See {@code Property.Runner#deadline}. */
    long deadlineMillis() default 0;

    /** Discards allowed per try; -1 (the default) for {@code Property.DEFAULT_MAX_DISCARD_RATIO}. */
    int maxDiscardRatio() default -1;
}
