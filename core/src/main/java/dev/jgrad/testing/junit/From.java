package dev.jgrad.testing.junit;

import dev.jgrad.testing.Gen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;

/**
 * The generator of a {@link PropertyTest} parameter, named by a class rather than a string: a
 * class with a no-argument constructor whose {@code get()} returns the generator. A nested
 * {@code static final class SmallInts implements Supplier<Gen<Integer>>} keeps it next to the test,
 * and the compiler checks the name.
 */
@Documented
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface From {

    /** The supplier of the parameter's generator. */
    Class<? extends Supplier<? extends Gen<?>>> value();
}
