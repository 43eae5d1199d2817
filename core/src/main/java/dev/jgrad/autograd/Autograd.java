package dev.jgrad.autograd;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The public face of reverse-mode autodiff: ops call {@link #record} to put themselves in the graph;
 * users call {@code tensor.backward()} and may turn recording off with {@link #noGrad()}.
 *
 * <p>Beyond that: {@link #grad} returns gradients as tensors and, with {@link CreateGraph#YES},
 * records the backward pass so that they can be differentiated again (Hessian-vector products,
 * gradgradcheck; see also {@link Functional}); {@link #detectAnomaly()} finds the op that produced
 * the first NaN; {@code Tensor.registerHook} sees or replaces gradients ({@link TensorHooks}).
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
    @SuppressWarnings("try") // the scope is the point, not a variable
    public static void noGrad(Runnable body) {
        try (GradMode ignored = noGrad()) {
            body.run();
        }
    }

    /** Turns graph recording on until the returned scope is closed (e.g. inside a no-grad block). */
    public static GradMode enableGrad() {
        return new GradMode(true);
    }

    /** Whether ops record themselves now; inside a backward rule, true only in a {@link CreateGraph#YES} pass. */
    public static boolean isGradEnabled() {
        return GradMode.isEnabled();
    }

    /**
     * Opens a scope whose graphs will be differentiated more than once (Hessians, forward mode):
     * ops whose fast backward is not made of ops (the fused cross-entropy) then record a composite,
     * twice-differentiable form with the same values. The functions of {@link Functional} open it
     * themselves around the function they differentiate; open it yourself around a forward pass
     * before calling {@link #grad} with {@link CreateGraph#YES} on its result.
     */
    public static HigherOrder higherOrder() {
        return new HigherOrder();
    }

    /** Whether this thread is inside {@link #higherOrder()}, or inside a backward pass that records itself. */
    public static boolean isHigherOrder() {
        return HigherOrder.isOn();
    }

    /**
     * Makes {@code out} the result of op {@code op} in the graph, if recording is on and any input
     * requires grad; otherwise returns {@code out} untouched. Edges of inputs that do not require
     * grad are dropped, so their gradient rules never run.
     *
     * @param saved tensors the gradient rules read; backward fails if any was modified in place since
     */
    public static Tensor record(String op, Tensor out, List<Tensor> saved, Edge... edges) {
        if (!GradMode.isEnabled()) {
            return out;
        }
        List<Edge> kept = Node.needingGrad(edges);
        if (kept.isEmpty()) {
            return out;
        }
        String site = AnomalyMode.site();
        if (site != null) {
            AnomalyMode.checkForward(op, site, out, kept);
        }
        out.attachGradFn(new Node(op, saved.toArray(new Tensor[0]), kept.toArray(new Edge[0]), site));
        return out;
    }

    /**
     * Back-propagates from {@code root}. {@code gradient} may be null only for a one-element root
     * (it then defaults to 1).
     */
    public static void backward(Tensor root, Tensor gradient, Graph graph) {
        Engine.run(root, gradient, graph);
    }

    /**
     * As {@link #backward(Tensor, Tensor, Graph)}; with {@link CreateGraph#YES} the backward pass is
     * itself recorded, so the leaves' accumulated gradients can be differentiated again (they are then
     * summed out of place: {@code grad = grad + g}).
     */
    public static void backward(Tensor root, Tensor gradient, Graph graph, CreateGraph createGraph) {
        Engine.run(new Tensor[] {root}, new Tensor[] {gradient}, graph, createGraph, null);
    }

    /** The gradient of the one-element {@code output} with respect to each of {@code inputs}, with {@link GradOptions#DEFAULT}. */
    public static List<Tensor> grad(Tensor output, Tensor... inputs) {
        return grad(List.of(output), List.of(inputs), null, GradOptions.DEFAULT);
    }

    /** As {@link #grad(Tensor, Tensor...)} with the given options (e.g. {@link GradOptions#CREATE_GRAPH}). */
    public static List<Tensor> grad(Tensor output, GradOptions options, Tensor... inputs) {
        return grad(List.of(output), List.of(inputs), null, options);
    }

    /**
     * PyTorch's {@code torch.autograd.grad}: Σⱼ (∂outputsⱼ/∂input)ᵀ·gradOutputsⱼ for each input, returned
     * instead of accumulated into {@link Tensor#grad()} (which is left untouched). A null
     * {@code gradOutputs}, or a null entry, stands for 1 and needs a one-element output.
     *
     * @return one gradient per input, in order; null for an unused input when {@link AllowUnused#YES}
     */
    public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                    GradOptions options) {
        Objects.requireNonNull(options, "options");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("grad: no outputs to differentiate");
        }
        if (gradOutputs != null && gradOutputs.size() != outputs.size()) {
            throw new IllegalArgumentException("grad: " + gradOutputs.size() + " gradient outputs for " + outputs.size()
                    + " outputs (pass one per output, or null)");
        }
        Tensor[] in = inputs.toArray(new Tensor[0]);
        for (int k = 0; k < in.length; k++) {
            if (!in[k].requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + k + " of shape " + Shape.str(in[k].shape())
                        + " does not require grad, so nothing can be differentiated with respect to it "
                        + "(call requiresGrad(true) on it before computing the outputs)");
            }
        }
        Tensor[] roots = outputs.toArray(new Tensor[0]);
        Tensor[] seeds = new Tensor[roots.length];
        for (int r = 0; r < roots.length && gradOutputs != null; r++) {
            seeds[r] = gradOutputs.get(r);
        }
        Tensor[] grads = Engine.run(roots, seeds, options.graph(), options.createGraph(), in);
        for (int k = 0; k < grads.length; k++) {
            if (grads[k] == null && options.allowUnused() == AllowUnused.NO) {
                throw new IllegalArgumentException("grad: input " + k + " of shape " + Shape.str(in[k].shape())
                        + " is not part of the graph of the outputs (they do not depend on it); pass AllowUnused.YES "
                        + "to get null for it");
            }
        }
        return Arrays.asList(grads);
    }

    /**
     * Turns anomaly detection on (gradients checked) until the returned scope is closed: backward
     * that produces a NaN or an infinity throws {@link AnomalyException} naming the op, the line
     * that created it, the input shapes and which input's gradient went bad. Slow: use it to debug.
     */
    public static AnomalyMode detectAnomaly() {
        return new AnomalyMode(AnomalyChecks.BACKWARD);
    }

    /** As {@link #detectAnomaly()}, optionally also checking every recorded op's forward output. */
    public static AnomalyMode detectAnomaly(AnomalyChecks checks) {
        return new AnomalyMode(Objects.requireNonNull(checks, "checks"));
    }
}
