/**
 * A small property-based testing harness: generate many random inputs, check a law on each, and
 * when one fails, shrink it to a small counterexample that can be replayed from a seed.
 *
 * <p>Tests stay plain JUnit 5 tests; the harness only supplies the inputs and the report.
 *
 * <pre>{@code
 * import static org.junit.jupiter.api.Assertions.assertArrayEquals;
 *
 * class BroadcastTest {
 *     @Test
 *     void broadcastingIsSymmetric() {
 *         Property.named("broadcast(a, b) == broadcast(b, a)").tries(200)
 *                 .forAll(Gens.broadcastablePair(4, 5), pair -> assertArrayEquals(
 *                         broadcast(pair.first(), pair.second()),
 *                         broadcast(pair.second(), pair.first())));
 *     }
 *
 *     @Test
 *     void reluIsIdempotent() {
 *         Gen<double[]> data = Gens.doubleArrays(Gens.shapes(3, 4),
 *                 Gens.doublesAvoiding(-3, 3, new double[] {0}, 1e-3));
 *         Property.forAll(data, x -> assertArrayEquals(relu(x), relu(relu(x))));
 *     }
 * }
 * }</pre>
 *
 * <p>A failure reads like this (here for a run seeded in code; a randomly seeded run instead
 * names the {@code -Djgrad.pbt.seed=...} flag that replays it):
 *
 * <pre>
 * Property 'sum below 100' failed on try 1 of 100 (seed 2024, set in code)
 *   original:     [81, 441, 1000, 911, 386, 963, 91, 654]
 *   shrunk:       [100]
 *   shrink steps: 10
 *   failure:      org.opentest4j.AssertionFailedError: sum is 100 ==&gt; expected: &lt;true&gt; but was: &lt;false&gt;
 *   replay:       the seed is set in code, so rerunning replays it; this try alone: .onlyTry(1)
 * </pre>
 *
 * <p>The parts:
 * <ul>
 *   <li>{@link dev.jgrad.testing.Gen} generates values together with their shrink trees
 *       ({@link dev.jgrad.testing.Shrinkable}) from a seeded {@link dev.jgrad.testing.Source};
 *       {@code map}, {@code flatMap} and {@code filter} keep shrinking intact.</li>
 *   <li>{@link dev.jgrad.testing.Gens} has the ready-made generators: numbers, shapes,
 *       broadcast-compatible shape pairs and tensor data; {@link dev.jgrad.testing.Gens#shapedArrays}
 *       is the base for tensor generators.</li>
 *   <li>{@link dev.jgrad.testing.Property} runs a check and throws a
 *       {@link dev.jgrad.testing.PropertyFailure} with the shrunk counterexample.</li>
 *
 *   <li>{@link dev.jgrad.testing.DoubleGen} states the distribution of doubles: edge cases (±0,
 *       subnormals, values next to 1 and to the range ends; NaN and ±∞ from {@code allDoubles}) and
 *       log-uniform magnitudes for wide ranges; {@link dev.jgrad.testing.ZeroSize} opts shapes into
 *       zero-size dimensions.</li>
 *   <li>Inside a check, {@link dev.jgrad.testing.Property#assume} discards a try and
 *       {@link dev.jgrad.testing.Property#label} counts it; a run has a discard budget, replays its
 *       last failure first (stored under {@code target/jgrad-pbt}), runs explicit examples
 *       first, enumerates small domains, reports flaky checks and can set a per-try deadline.</li>
 *   <li>{@link dev.jgrad.testing.StateMachine} runs model-based tests: sequences of actions
 *       against a system and its model, shrunk to the shortest failing sequence.</li>
 * </ul>
 *
 * <p>System properties: {@code jgrad.pbt.seed} replays every property of a test run with one seed;
 * {@code jgrad.pbt.tries} changes the default number of tries (100); {@code jgrad.pbt.database} moves
 * (or, set to {@code none}, switches off) the failure database; {@code jgrad.pbt.statistics=true}
 * prints every run's labels.
 *
 * <p>Also here: the values generated together, {@link dev.jgrad.testing.Pair} and
 * {@link dev.jgrad.testing.Triple}; {@link dev.jgrad.testing.ShapedArray} (a shape and its data, compared by
 * content) and {@link dev.jgrad.testing.TensorGens} (tensor generators built on it);
 * {@link dev.jgrad.testing.DoubleShrink} (how a double shrinks); {@link dev.jgrad.testing.Arguments} (a named
 * check's arguments, as reported); and {@link dev.jgrad.testing.DeadlineExceeded} (a try slower than its
 * deadline).
 *
 * <p>May depend on: {@code dev.jgrad.tensor}, {@code dev.jgrad.autograd} (for {@code GradCheck} and
 * the tensor generators) and {@code dev.jgrad.io} (the database's atomic writes); no test framework,
 * so it works under any runner. JUnit 5 integration is the subpackage {@code dev.jgrad.testing.junit}.
 */
package dev.jgrad.testing;
