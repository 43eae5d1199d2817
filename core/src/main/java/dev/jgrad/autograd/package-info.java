/**
 * Reverse-mode automatic differentiation: the graph's nodes and edges, the backward engine (an
 * iterative topological sort, so a 100 000-op chain is fine), gradient accumulation, no-grad
 * scopes, and the version counters that catch a saved tensor modified in place. An op records
 * itself with {@code Autograd.record(name, out, inputs, edges...)}; each edge holds that input's
 * local backward rule.
 *
 * <p>May depend on: {@code dev.jgrad.tensor} only. Ops depend on this package, never the reverse.
 */
package dev.jgrad.autograd;
