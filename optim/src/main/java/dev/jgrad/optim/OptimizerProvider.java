package dev.jgrad.optim;

import java.util.List;

/**
 * How an optimizer in your own jar joins every tool of jgrad ({@code explain}, {@code trajectories}, {@code mnist},
 * {@code race}, {@code lr-find}, {@code bench}, {@code replay}): a public class with a public no-argument
 * constructor that implements this interface, named on one line of your jar's
 * {@code META-INF/services/dev.jgrad.optim.OptimizerProvider}. {@link OptimizerRegistry} finds it with
 * {@link java.util.ServiceLoader} at its first lookup, so putting the jar on the class path is all it takes:
 *
 * <pre>{@code
 * public final class MyOptimizers implements OptimizerProvider {
 *     @Override
 *     public List<OptimizerRegistry.Entry<?>> optimizers() {
 *         return List.of(OptimizerRegistry.Entry.of("Adan", Adan.class, Adan.Options.class, Adan.Options.DEFAULTS,
 *                 Adan::new).withDecay(WeightDecay.DECOUPLED).withBox(Adan.BOX));
 *     }
 * }
 * }</pre>
 *
 * A name already taken by another class (a built-in's, or another provider's) is refused in one line naming both.
 */
public interface OptimizerProvider {

    /** The optimizers this jar provides, each with its name, factory and traits. */
    List<OptimizerRegistry.Entry<?>> optimizers();
}
