/**
 * JUnit 5 integration of the property harness: {@link dev.jgrad.testing.junit.PropertyTest}, the extension behind
 * it ({@link dev.jgrad.testing.junit.PropertyExtension}), and {@link dev.jgrad.testing.junit.From}, which names a
 * parameter's generator by a class.
 *
 * <p>May depend on: {@code dev.jgrad.testing} and JUnit Jupiter's API, which core declares as an
 * optional dependency: code that uses this package has JUnit on its test class path anyway, and
 * {@code dev.jgrad.testing} itself stays free of any test framework.
 */
package dev.jgrad.testing.junit;
