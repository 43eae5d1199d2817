package dev.jgrad.autograd;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the autograd graph behind a tensor in Graphviz's DOT language, to look at what backward
 * will walk: every tensor the root depends on through ops that require grad, the op that made it,
 * its shape and dtype, and optionally the norm of its gradient after backward.
 *
 * <pre>{@code
 * Tensor loss = model.forward(x) ...;
 * GraphDot.retainGrads(loss);                 // optional: keep every intermediate gradient
 * loss.backward();
 * String dot = GraphDot.of(loss, GraphDot.Options.DEFAULT.withGradNorms(true));
 * // dot -Tsvg graph.dot -o graph.svg
 * }</pre>
 *
 * <p>Only what the graph records appears: inputs that do not require grad (the batch of images,
 * integer targets) were dropped when the op was recorded ({@link Autograd#record}), exactly as in
 * PyTorch's autograd graph. Edges point the way the data flows, from an op's inputs to its output.
 * The graph can be written before or after backward: backward frees what the rules saved, not the
 * inputs each node points to.
 */
public final class GraphDot {
    private GraphDot() {}

    /**
     * What to show besides ops, shapes and dtypes.
     *
     * @param gradNorms add ‖grad‖₂ to every tensor whose {@link Tensor#grad()} is set
     * @param names     labels for particular tensors (by identity), e.g. parameter names; may be empty
     */
    public record Options(boolean gradNorms, Map<Tensor, String> names) {
        public static final Options DEFAULT = new Options(false, Map.of());

        public Options {
            Objects.requireNonNull(names, "names");
            // Identity, not equals: two tensors with the same values are still different nodes.
            Map<Tensor, String> copy = new IdentityHashMap<>();
            copy.putAll(names);
            names = copy;
        }

        public Options withGradNorms(boolean gradNorms) {
            return new Options(gradNorms, names);
        }

        public Options withNames(Map<Tensor, String> names) {
            return new Options(gradNorms, names);
        }
    }

    /** The DOT text of the graph behind {@code root} with {@link Options#DEFAULT}. */
    public static String of(Tensor root) {
        return of(root, Options.DEFAULT);
    }

    /** The DOT text of the graph behind {@code root}: one node per tensor, one edge per op input. */
    public static String of(Tensor root, Options options) {
        Objects.requireNonNull(root, "root");
        List<Tensor> order = Engine.topologicalOrder(root); // root first, leaves last
        Map<Tensor, Integer> ids = new IdentityHashMap<>();
        for (Tensor t : order) {
            ids.put(t, ids.size());
        }
        StringBuilder out = new StringBuilder();
        out.append("digraph autograd {\n");
        out.append("  node [fontname=\"Helvetica\", fontsize=10];\n");
        out.append("  edge [arrowsize=0.7];\n");
        // Declared leaves first so that every edge's ends exist before the edge is read.
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            out.append("  t").append(ids.get(t)).append(" [label=\"").append(escape(label(t, root, options)))
                    .append("\", ").append(style(t, root)).append("];\n");
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.gradFn() == null) {
                continue;
            }
            for (Tensor in : t.gradFn().inputs()) {
                out.append("  t").append(ids.get(in)).append(" -> t").append(ids.get(t)).append(";\n");
            }
        }
        out.append("}\n");
        return out.toString();
    }

    /**
     * Calls {@link Tensor#retainGrad()} on every non-leaf tensor behind {@code root}, so that after
     * backward each of them has a gradient to show (leaves keep theirs anyway).
     */
    public static void retainGrads(Tensor root) {
        for (Tensor t : Engine.topologicalOrder(root)) {
            if (t.gradFn() != null) {
                t.retainGrad();
            }
        }
    }

    /** The ops behind {@code root}, one entry per node, root first (for tools and tests). */
    public static List<String> ops(Tensor root) {
        return Engine.topologicalOrder(root).stream().filter(t -> t.gradFn() != null).map(t -> t.gradFn().op()).toList();
    }

    private static String label(Tensor t, Tensor root, Options options) {
        StringBuilder s = new StringBuilder();
        String name = options.names().get(t);
        if (t.gradFn() != null) {
            s.append(t.gradFn().op());
        } else {
            s.append(name != null ? name : "leaf");
        }
        if (t.gradFn() != null && name != null) {
            s.append(" (").append(name).append(')');
        }
        s.append('\n').append(Shape.str(t.shape())).append(' ').append(t.dtype());
        if (t == root && t.gradFn() != null) {
            s.append("\n(root)");
        }
        if (options.gradNorms() && t.grad() != null) {
            s.append(String.format(Locale.ROOT, "\n‖grad‖ = %.4g", norm(t.grad())));
        }
        return s.toString();
    }

    private static String style(Tensor t, Tensor root) {
        if (t.gradFn() == null) {
            return "shape=box, style=filled, fillcolor=\"#dbe9f6\"";
        }
        if (t == root) {
            return "shape=ellipse, style=filled, fillcolor=\"#f6e0c8\"";
        }
        return "shape=ellipse";
    }

    private static double norm(Tensor g) {
        double sum = 0;
        for (double v : g.toDoubleArray()) {
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    /** DOT string escaping: quotes and backslashes are escaped, newlines become centred line breaks. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
