package dev.jgrad.autograd;

import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The anomaly-detection scope ({@link Autograd#detectAnomaly}). Inside it every recorded node
 * remembers where it was created (the first stack frame outside jgrad's own packages), and backward
 * checks each gradient a node produces: the first NaN or infinity throws {@link AnomalyException}
 * naming that op, its creation site, its inputs' shapes and which input's gradient went bad.
 *
 * <p>Cost outside a scope: one read of a process-wide counter per recorded op ({@link #site}); the
 * stack walk and the checks happen only inside a scope. Scopes are per thread and nest.
 */
public final class AnomalyMode implements AutoCloseable {
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final ThreadLocal<AnomalyChecks[]> CURRENT = ThreadLocal.withInitial(() -> new AnomalyChecks[1]);
    /** jgrad's library packages; frames in them are skipped when looking for the user's line. */
    private static final List<String> LIBRARY = List.of("dev.jgrad.autograd.", "dev.jgrad.tensor.", "dev.jgrad.ops.",
            "dev.jgrad.kernel.", "dev.jgrad.nn.", "dev.jgrad.optim.", "dev.jgrad.testing.");
    private final AnomalyChecks previous;
    private boolean closed;

    AnomalyMode(AnomalyChecks checks) {
        AnomalyChecks[] cur = CURRENT.get();
        previous = cur[0];
        cur[0] = checks;
        OPEN.incrementAndGet();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CURRENT.get()[0] = previous;
        OPEN.decrementAndGet();
    }

    /** Whether this thread is inside a scope. */
    static boolean isEnabled() {
        return OPEN.get() > 0 && CURRENT.get()[0] != null;
    }

    /** The creation site of an op being recorded now, or null outside a scope (the fast path). */
    static String site() {
        if (OPEN.get() == 0 || CURRENT.get()[0] == null) {
            return null;
        }
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !isLibrary(f.getClassName()))
                .findFirst()
                .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName() + "(" + f.getFileName() + ":"
                        + f.getLineNumber() + ")")
                .orElse("unknown"));
    }

    private static boolean isLibrary(String className) {
        if (className.startsWith("java.") || className.startsWith("jdk.")) {
            return true;
        }
        for (String p : LIBRARY) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** Forward check (only with {@link AnomalyChecks#FORWARD_AND_BACKWARD}): the output of a recorded op. */
    static void checkForward(String op, String site, Tensor out, List<Edge> inputs) {
        if (CURRENT.get()[0] != AnomalyChecks.FORWARD_AND_BACKWARD) {
            return;
        }
        String bad = nonFinite(out);
        if (bad != null) {
            throw new AnomalyException(op, site, "anomaly: forward of '" + op + "' (created at " + site + ") produced "
                    + bad + " in its output " + Shape.str(out.shape()) + "; input shapes " + shapes(inputs));
        }
    }

    /** Backward check: every gradient {@code node} returned for its inputs must be finite. */
    static void checkBackward(Node node, Tensor gradOutput, Tensor[] grads) {
        for (int i = 0; i < grads.length; i++) {
            String bad = grads[i] == null ? null : nonFinite(grads[i]);
            if (bad == null) {
                continue;
            }
            List<Tensor> inputs = node.inputs();
            String incoming = nonFinite(gradOutput);
            throw new AnomalyException(node.op(), node.site(), "anomaly: backward of '" + node.op() + "' (created at "
                    + node.site() + ") produced " + bad + " in the gradient of input " + i + " of shape "
                    + Shape.str(inputs.get(i).shape()) + "; input shapes " + shapesOf(inputs) + ", output gradient "
                    + Shape.str(gradOutput.shape()) + (incoming == null ? " (finite)" : " (already holding " + incoming + ")"));
        }
    }

    /** "NaN" or "Inf" if {@code t} holds one (NaN reported first), else null. */
    static String nonFinite(Tensor t) {
        boolean inf = false;
        for (double v : t.toDoubleArray()) {
            if (Double.isNaN(v)) {
                return "NaN";
            }
            inf |= Double.isInfinite(v);
        }
        return inf ? "Inf" : null;
    }

    private static String shapes(List<Edge> edges) {
        return shapesOf(edges.stream().map(Edge::input).toList());
    }

    private static String shapesOf(List<Tensor> ts) {
        StringBuilder s = new StringBuilder();
        for (Tensor t : ts) {
            s.append(s.length() == 0 ? "" : ", ").append(Shape.str(t.shape()));
        }
        return s.toString();
    }
}
