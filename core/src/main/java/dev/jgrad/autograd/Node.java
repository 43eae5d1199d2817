package dev.jgrad.autograd;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The record of one op in the graph: its name, its inputs with their local gradient rules, and the
 * tensors the rules read (with the version each had, to detect in-place changes before backward).
 */
public final class Node {
    private final String op;
    private Edge[] edges;
    private Tensor[] saved;
    private int[] savedVersions;
    private final Tensor[] inputs;
    private final String site;

    Node(String op, Tensor[] saved, Edge[] edges, String site) {
        this.op = op;
        this.site = site;
        this.edges = edges;
        this.saved = saved;
        this.savedVersions = new int[saved.length];
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i].storage().version();
        }
        this.inputs = new Tensor[edges.length];
        for (int i = 0; i < edges.length; i++) {
            inputs[i] = edges[i].input();
        }
    }

    /** The op's name, e.g. {@code "mul"}. */
    public String op() {
        return op;
    }

    /** The inputs that need a gradient (others were left out when the op was recorded). */
    public List<Tensor> inputs() {
        return List.of(inputs);
    }

    /** Where the op was recorded inside an anomaly-detection scope ({@link Autograd#detectAnomaly}), else null. */
    public String site() {
        return site;
    }

    /** Whether backward already ran through this node without {@link Graph#RETAIN}. */
    public boolean isFreed() {
        return edges == null;
    }

    Tensor[] backward(Tensor gradOutput) {
        if (edges == null) {
            throw new IllegalStateException("backward: the graph through '" + op + "' was already freed by an earlier "
                    + "backward(); pass Graph.RETAIN to the first backward() (or in grad()'s options) to run backward twice");
        }
        for (int i = 0; i < saved.length; i++) {
            int now = saved[i].storage().version();
            if (now != savedVersions[i]) {
                throw new IllegalStateException("backward: a tensor of shape " + Shape.str(saved[i].shape())
                        + " saved by '" + op + "' was modified in place after it was used (version " + now
                        + ", expected " + savedVersions[i] + "); clone it before modifying it");
            }
        }
        Tensor[] grads = new Tensor[edges.length];
        for (int i = 0; i < edges.length; i++) {
            grads[i] = edges[i].grad().apply(gradOutput);
        }
        return grads;
    }

    void free() {
        edges = null;
        saved = null;
        savedVersions = null;
    }

    static List<Edge> needingGrad(Edge[] edges) {
        List<Edge> kept = new ArrayList<>(edges.length);
        for (Edge e : edges) {
            if (e.input().requiresGrad()) {
                kept.add(e);
            }
        }
        return kept;
    }

    @Override
    public String toString() {
        return op + "Backward";
    }
}
