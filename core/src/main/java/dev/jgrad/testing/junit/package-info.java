/**
 * JUnit 5 integration of the property harness: {@link dev.jgrad.testing.junit.PropertyTest} and the
 * extension behind it.
 *
 * <p>May depend on: {@code dev.jgrad.testing} and JUnit Jupiter's API, which core declares as an
 * optional dependency: code that uses this package has JUnit on its test class path anyway, and
 * {@code dev.jgrad.testing} itself stays free of any test framework.
 */
package dev.jgrad.testing.junit;
