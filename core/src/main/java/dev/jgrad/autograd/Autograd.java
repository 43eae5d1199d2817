package dev.jgrad.autograd;

import dev.jgrad.tensor.Tensor;

import java.util.List;

/**
 * The public face of reverse-mode autodiff: ops call {@link #record} to put themselves in the graph;
 * users call {@code tensor.backward()} and may turn recording off with {@link #noGrad()}.
 *
 * <p>A custom op is written exactly like the built-in ones: compute the output with no graph, then
 * record it with one {@link Edge} per input, each carrying that input's local gradient rule:
 * <pre>{@code
 * Tensor out = ...;                                      // forward
 * return Autograd.record("square", out, List.of(x),      // saved for backward
 *         Edge.of(x, g -> g.mul(x).mul(2)));            // ∂(x²)/∂x = 2x
 * }</pre>
 */
public final class Autograd {
    private Autograd() {}

    /** Turns graph recording off until the returned scope is closed. */
    public static GradMode noGrad() {
        return new GradMode(false);
    }

    /** Runs {@code body} with graph recording off (the scope form without an unused variable). */
    public static void noGrad(Runnable body) {
        try (GradMode ignored = noGrad()) {
            body.run();
        }
    }

    /** Turns graph recording on until the returned scope is closed (e.g. inside a no-grad block). */
    public static GradMode enableGrad() {
        return new GradMode(true);
    }

    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /**
     * Makes {@code out} the result of op {@code op} in the graph, if recording is on and any input
     * requires grad; otherwise returns {@code out} untouched. Edges of inputs that do not require
     * grad are dropped, so their gradient rules never run.
     *
     * @param saved tensors the gradient rules read; backward fails if any was modified in place since
     */
    public static Tensor record(String op, Tensor out, List<Tensor> saved, Edge... edges) {
        if (!GradMode.isEnabled()) return out;
        List<Edge> kept = Node.needingGrad(edges);
        if (kept.isEmpty()) return out;
        out.attachGradFn(new Node(op, saved.toArray(new Tensor[0]), kept.toArray(new Edge[0])));
        return out;
    }

    /**
     * Back-propagates from {@code root}. {@code gradient} may be null only for a one-element root
     * (it then defaults to 1).
     */
    public static void backward(Tensor root, Tensor gradient, Graph graph) {
        Engine.run(root, gradient, graph);
    }
}
