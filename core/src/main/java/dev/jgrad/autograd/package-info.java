/**
 * Reverse-mode automatic differentiation: the graph's nodes and edges, the backward engine (an
 * iterative topological sort, so a 100 000-op chain is fine), gradient accumulation, no-grad
 * scopes, and the version counters that catch a saved tensor modified in place. An op records
 * itself with {@code Autograd.record(name, out, inputs, edges...)}; each edge holds that input's
 * local backward rule.
 *
 * <p>The types: {@link Node} (one op in the graph) with its {@link Edge}s, each holding a {@link LocalGrad};
 * {@link GradMode} (recording on or off, per thread) and the {@link HigherOrder} scope; {@link GradOptions} with
 * its switches {@link CreateGraph}, {@link Graph} (retain or free) and {@link AllowUnused}; {@link Functional}
 * (Jacobians, Hessians, vector products of functions); anomaly detection ({@link AnomalyMode},
 * {@link AnomalyChecks}, {@link AnomalyException}); {@link TensorHooks} and the {@link RemovableHandle} a hook
 * registration returns; and {@link GraphDot}, the graph in Graphviz's DOT language.
 *
 * <p>May depend on: {@code dev.jgrad.tensor} only. Ops depend on this package, never the reverse.
 */
package dev.jgrad.autograd;
