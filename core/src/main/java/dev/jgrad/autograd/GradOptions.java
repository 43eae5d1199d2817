package dev.jgrad.autograd;

import java.util.Objects;

/**
 * The switches of {@link Autograd#grad}: PyTorch's {@code create_graph}, {@code retain_graph} and
 * {@code allow_unused}, as enums. As in PyTorch, creating the graph also retains it by default
 * ({@link #CREATE_GRAPH}), because a second pass usually goes back through the first graph.
 *
 * @param createGraph whether the backward pass records its ops (needed for second derivatives)
 * @param graph       free the graph walked (the default) or keep it for another pass
 * @param allowUnused whether an input the outputs do not depend on is an error or gets null
 */
public record GradOptions(CreateGraph createGraph, Graph graph, AllowUnused allowUnused) {
    /** No graph creation, graph freed, unused inputs refused. */
    public static final GradOptions DEFAULT = new GradOptions(CreateGraph.NO, Graph.FREE, AllowUnused.NO);
    /** Graph creation on, the walked graph retained, unused inputs refused. */
    public static final GradOptions CREATE_GRAPH = new GradOptions(CreateGraph.YES, Graph.RETAIN, AllowUnused.NO);

    public GradOptions {
        Objects.requireNonNull(createGraph, "createGraph");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(allowUnused, "allowUnused");
    }

    public GradOptions with(CreateGraph value) {
        return new GradOptions(value, graph, allowUnused);
    }

    public GradOptions with(Graph value) {
        return new GradOptions(createGraph, value, allowUnused);
    }

    public GradOptions with(AllowUnused value) {
        return new GradOptions(createGraph, graph, value);
    }
}
