package dev.jgrad.autograd;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Storage;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward pass: order the graph topologically without recursion (so a 100 000-op chain cannot
 * overflow the stack), then walk it from the root, turning each node's output gradient into its
 * inputs' gradients and adding them up ({@code +=}) where a tensor feeds several ops.
 *
 * <p>Copies are made only where sharing would be wrong. A gradient a rule returns may be shared (add's
 * backward hands the same tensor to both inputs; a rule may return a tensor it holds), so it is
 * copied before anything is added to it in place, and a leaf keeps a copy of it. But a gradient
 * whose storage the rule allocated during this very call, dense and returned for one input only,
 * belongs to no one else: it is accumulated into in place, and a leaf without a gradient takes it
 * as its gradient as it is (as PyTorch's AccumulateGrad steals a gradient nothing else refers to).
 * For a weight matrix that saves a copy of the size of the weights on every step.
 */
final class Engine {
    private Engine() {}

    static void run(Tensor root, Tensor gradient, Graph graph) {
        run(new Tensor[] {root}, new Tensor[] {gradient}, graph, CreateGraph.NO, null);
    }

    /**
     * One backward pass from {@code roots} (each with its gradient, null for an implicit 1). Without
     * {@code capture} the gradients are accumulated into the leaves' {@link Tensor#grad()} (backward);
     * with it they are returned, one per captured tensor (null where none arrived), and no leaf is
     * touched ({@link Autograd#grad}). With {@link CreateGraph#YES} the rules run with recording on and
     * every sum is out of place, so the returned gradients are themselves differentiable.
     */
    @SuppressWarnings("try") // the scope is the point, not a variable
    static Tensor[] run(Tensor[] roots, Tensor[] gradients, Graph graph, CreateGraph createGraph, Tensor[] capture) {
        String what = capture == null ? "backward" : "grad";
        for (int r = 0; r < roots.length; r++) {
            gradients[r] = rootGradient(what, r, roots[r], gradients[r]);
        }
        boolean create = createGraph == CreateGraph.YES;
        Map<Tensor, Integer> captureIndex = null;
        Tensor[] captured = null;
        if (capture != null) {
            captureIndex = new IdentityHashMap<>();
            for (int k = 0; k < capture.length; k++) {
                captureIndex.putIfAbsent(capture[k], k);
            }
            captured = new Tensor[capture.length];
        }
        boolean hooks = TensorHooks.any();
        try (GradMode ignored = new GradMode(create); HigherOrder scope = create ? new HigherOrder() : null) {
            List<Tensor> order = topologicalOrder(roots);
            Map<Tensor, Boolean> needed = captureIndex == null ? null : leadingTo(order, captureIndex);
            Map<Tensor, Tensor> pending = new IdentityHashMap<>();
            Map<Tensor, Boolean> owned = new IdentityHashMap<>();
            for (int r = 0; r < roots.length; r++) {
                accumulate(pending, owned, roots[r], gradients[r], false, create);
            }
            for (Tensor t : order) {
                Tensor g = pending.remove(t);
                if (g == null || needed != null && !needed.containsKey(t)) {
                    continue;
                }
                if (hooks) {
                    g = TensorHooks.apply(t, g);
                }
                if (captureIndex != null) {
                    Integer k = captureIndex.get(t);
                    if (k != null) {
                        captured[k] = g;
                    }
                    if (t.gradFn() == null) {
                        continue;
                    }
                } else if (t.gradFn() == null) {
                    if (create) {
                        t.setGrad(t.grad() == null ? g.copy() : t.grad().add(g));
                    } else if (t.grad() == null && owned.containsKey(t)) {
                        t.setGrad(g);                                                // no one else holds g
                    } else {
                        t.accumulateGrad(g);
                    }
                    continue;
                } else if (t.retainsGrad()) {
                    if (create) {
                        t.setGrad(t.grad() == null ? g.copy() : t.grad().add(g));
                    } else {
                        t.accumulateGrad(g);
                    }
                }
                Node node = t.gradFn();
                long mark = Storage.allocations();
                Tensor[] grads = node.backward(g);
                if (node.site() != null) {
                    AnomalyMode.checkBackward(node, g, grads);
                }
                List<Tensor> inputs = node.inputs();
                checkShapes(node, grads, inputs);
                for (int i = 0; i < grads.length; i++) {
                    if (grads[i] != null) {
                        accumulate(pending, owned, inputs.get(i), grads[i], !create && ownedByCaller(grads, i, mark), create);
                    }
                }
                if (graph == Graph.FREE) {
                    node.free();
                }
            }
        }
        if (capture != null) {
            // An input listed twice gets the gradient the first listing captured.
            for (int k = 0; k < capture.length; k++) {
                Integer first = captureIndex.get(capture[k]);
                if (first != k) {
                    captured[k] = captured[first];
                }
            }
        }
        return captured;
    }

    /**
     * The tensors of {@code order} from which a captured tensor can be reached: only their rules need
     * to run for {@link Autograd#grad}. (A jvp's second pass, for one, starts from gradients whose
     * graph also leads back through the whole forward pass, which it does not need.)
     */
    private static Map<Tensor, Boolean> leadingTo(List<Tensor> order, Map<Tensor, Integer> captured) {
        Map<Tensor, Boolean> needed = new IdentityHashMap<>();
        for (int i = order.size() - 1; i >= 0; i--) { // inputs before the ops that use them
            Tensor t = order.get(i);
            boolean need = captured.containsKey(t);
            if (!need && t.gradFn() != null) {
                for (Tensor in : t.gradFn().inputs()) {
                    if (needed.containsKey(in)) {
                        need = true;
                        break;
                    }
                }
            }
            if (need) {
                needed.put(t, Boolean.TRUE);
            }
        }
        return needed;
    }

    private static Tensor rootGradient(String what, int r, Tensor root, Tensor gradient) {
        String which = what.equals("grad") ? what + ": output " + r : what;
        if (!root.requiresGrad()) {
            throw new IllegalStateException(which + ": the tensor does not require grad and has no grad_fn (shape "
                    + Shape.str(root.shape()) + "; call requiresGrad(true) on a leaf it depends on; if it is itself a "
                    + "gradient, compute that gradient with CreateGraph.YES to differentiate it again)");
        }
        if (gradient == null) {
            if (root.numel() != 1) {
                throw new IllegalArgumentException(which + ": grad can be implicitly created only for scalar outputs; "
                        + "got shape " + Shape.str(root.shape()) + " (pass a gradient of that shape)");
            }
            return Tensor.ones(root.dtype(), root.shape());
        }
        if (!Arrays.equals(gradient.shape(), root.shape())) {
            throw new IllegalArgumentException(which + ": gradient shape " + Shape.str(gradient.shape())
                    + " does not match output shape " + Shape.str(root.shape()));
        }
        if (gradient.dtype() != root.dtype()) {
            throw new IllegalArgumentException(which + ": gradient dtype " + gradient.dtype()
                    + " does not match output dtype " + root.dtype());
        }
        return gradient;
    }

    /**
     * A local backward must return, for each input, a gradient of that input's shape and dtype. Caught
     * here, the mistake names the op that made it; caught later, in {@link Tensor#setGrad} or an
     * in-place add, it would name only the tensors.
     */
    private static void checkShapes(Node node, Tensor[] grads, List<Tensor> inputs) {
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g == null) {
                continue;
            }
            Tensor in = inputs.get(i);
            if (!Arrays.equals(g.shape(), in.shape()) || g.dtype() != in.dtype()) {
                StringBuilder shapes = new StringBuilder();
                for (Tensor t : inputs) {
                    shapes.append(shapes.length() == 0 ? "" : ", ").append(Shape.str(t.shape()));
                }
                throw new IllegalStateException("backward of '" + node.op() + "': the gradient for input " + i
                        + " is " + Shape.str(g.shape()) + " " + g.dtype() + " but that input is "
                        + Shape.str(in.shape()) + " " + in.dtype() + " (the op's inputs: " + shapes + "). Its local "
                        + "backward must return a gradient of its input's shape and dtype; if the op broadcasts, "
                        + "reduce the incoming gradient with Reduce.sumTo(g, input.shape()).");
            }
        }
    }

    /**
     * Whether {@code grads[i]} is the engine's to keep: dense, in a storage allocated since {@code mark}
     * (so by the node's own rules) and shared with no other of the node's gradients.
     */
    private static boolean ownedByCaller(Tensor[] grads, int i, long mark) {
        Tensor g = grads[i];
        if (!g.storage().allocatedSince(mark) || !g.isContiguous()) {
            return false;
        }
        for (int j = 0; j < grads.length; j++) {
            if (j != i && grads[j] != null && grads[j].storage() == g.storage()) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code pending[t] += g}. The first gradient is kept as it came; unless it is the engine's own
     * ({@code fresh}), it may be shared (add's backward hands the same tensor to both inputs), so it is
     * copied once before the first in-place add.
     */
    private static void accumulate(Map<Tensor, Tensor> pending, Map<Tensor, Boolean> owned, Tensor t, Tensor g,
                                   boolean fresh, boolean create) {
        Tensor acc = pending.get(t);
        if (acc == null) {
            pending.put(t, g);
            if (fresh) {
                owned.put(t, Boolean.TRUE);
            }
            return;
        }
        if (create) {
            pending.put(t, acc.add(g)); // recorded: the sum is part of the new graph
            return;
        }
        if (owned.put(t, Boolean.TRUE) == null) {
            acc = acc.copy();
            pending.put(t, acc);
        }
        acc.addInPlace(g);
    }

    /** Reverse post-order of a depth-first search, with an explicit stack instead of recursion. */
    static List<Tensor> topologicalOrder(Tensor... roots) {
        List<Tensor> post = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        // Several roots: as one search from a virtual root whose children they are.
        for (Tensor root : roots) {
            if (seen.put(root, Boolean.TRUE) == null) {
                stack.push(new Object[] {root, 0});
            }
            walk(stack, seen, post);
        }
        Collections.reverse(post);
        return post;
    }

    private static void walk(ArrayDeque<Object[]> stack, Map<Tensor, Boolean> seen, List<Tensor> post) {
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            List<Tensor> children = t.gradFn() == null ? List.of() : t.gradFn().inputs();
            if (next < children.size()) {
                frame[1] = next + 1;
                Tensor c = children.get(next);
                if (seen.put(c, Boolean.TRUE) == null) {
                    stack.push(new Object[] {c, 0});
                }
            } else {
                stack.pop();
                post.add(t);
            }
        }
    }
}
