package dev.jgrad.optim.engine;

import dev.jgrad.kernel.KernelThreads;
import dev.jgrad.optim.Coupling;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.Probe;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an optimizer's loop over one parameter: the machinery {@link Optimizer#step()} keeps out of sight.
 *
 * <p>Dtypes: a float64 loop works on θ and g as double[] (a float64 parameter's own storage; for a
 * float32 or strided one, copies converted chunk by chunk while in cache, θ rounded once on the way
 * back); a float32 loop works on the float32 storage in place.
 *
 * <p>Speed and determinism: every element's update depends only on that element, so large parameters
 * are swept in chunks of {@link #CHUNK} elements spread over the kernel threads ({@link KernelThreads}).
 * The chunks are fixed by the size alone, so the result is the same, bit for bit, for any thread count.
 *
 * <p>Tracing: with a {@link Trace} attached the loop runs one element at a time on the calling thread,
 * in order, with a {@link Probe} that collects what the loop reports into one {@link Trace.Row} per
 * element. Optimizers with a vector fast path take it only when the probe is {@link Probe#off() off},
 * so a traced step runs the scalar loop whose bits the fast path is tested to equal.
 */
public final class Sweep {
    /** Elements per chunk: 16 K doubles of θ and of g (256 KiB) stay in L2 while they are updated. */
    public static final int CHUNK = 16_384;

    private final Map<Tensor, double[][]> scratch = new IdentityHashMap<>();
    private Coupling coupling = Coupling.ELEMENTWISE;
    private Trace trace;
    private Collector collector;

    /** Starts a step: how the rule's elements are coupled, and the trace (or null). */
    public void begin(Coupling coupling, Trace trace) {
        this.coupling = coupling;
        this.trace = trace;
        this.collector = null;
    }

    /** Forgets the scratch copies of parameters no longer optimized (after loading a state dict). */
    public void clear() {
        scratch.clear();
    }

    /** The probe for parameter {@code pi} of group {@code gi}: {@link Probe#OFF} unless traced. */
    public Probe probe(int gi, int pi) {
        if (trace == null) {
            return Probe.OFF;
        }
        collector = new Collector(trace, gi, pi);
        return collector;
    }

    /**
     * The probe for the numbers of group {@code gi} as a whole (Prodigy's d, a group's step count), reported by
     * {@code updateGroup}: {@link Probe#OFF} unless traced; {@link #endGroup()} turns them into one row with
     * {@code param} −1.
     */
    public Probe groupProbe(int gi) {
        return probe(gi, -1);
    }

    /** Ends the group's own numbers: one row if anything was reported. */
    public void endGroup() {
        if (collector != null) {
            collector.flushParam();
            collector = null;
        }
    }

    private int chunk() {
        return coupling == Coupling.ELEMENTWISE ? CHUNK : Integer.MAX_VALUE;
    }

    /** Runs a float64 {@code loop} over θ = {@code p} with gradient {@code grad}, and writes θ back. */
    public void run(Tensor p, Tensor grad, Optimizer.ElementLoop loop) {
        int n = p.numel();
        Tensor g = p.dtype() == DType.FLOAT64 && grad.dtype() != DType.FLOAT64 ? grad.to(DType.FLOAT64) : grad;
        if (p.dtype() == DType.FLOAT64 && denseFromZero(p) && denseFromZero(g)) {
            double[] theta = p.storage().f64(), gs = g.storage().f64();
            forChunks(n, (from, to) -> loop.run(theta, gs, from, to));
            p.storage().bumpVersion(); // written in place, as copyFrom would
            return;
        }
        double[][] buffers = scratch.computeIfAbsent(p, k -> new double[][] {new double[n], new double[n]});
        double[] theta = buffers[0], gs = buffers[1];
        if (p.dtype() == DType.FLOAT32 && p.isContiguous() && grad.dtype() == DType.FLOAT32 && grad.isContiguous()) {
            float[] ps = p.storage().f32(), gf = grad.storage().f32();
            int po = p.offset(), go = grad.offset();
            forChunks(n, (from, to) -> { // converted and written back while the chunk is in cache
                for (int i = from; i < to; i++) {
                    theta[i] = ps[po + i];
                    gs[i] = gf[go + i];
                }
                loop.run(theta, gs, from, to);
                for (int i = from; i < to; i++) {
                    ps[po + i] = (float) theta[i];
                }
            });
            p.storage().bumpVersion();
            return;
        }
        p.copyTo(theta);
        g.copyTo(gs);
        forChunks(n, (from, to) -> loop.run(theta, gs, from, to));
        p.copyFrom(theta);
    }

    /** Runs a float32 {@code loop} over θ = {@code p}, in place (via dense copies if strided). */
    public void run(Tensor p, Tensor grad, Optimizer.FloatLoop loop) {
        Tensor g = grad.dtype() != DType.FLOAT32 ? grad.to(DType.FLOAT32).contiguous()
                : grad.isContiguous() ? grad : grad.contiguous();
        Tensor theta = p.isContiguous() ? p : p.contiguous();
        float[] ps = theta.storage().f32(), gs = g.storage().f32();
        int po = theta.offset(), go = g.offset();
        forChunks(p.numel(), (from, to) -> loop.run(ps, po, gs, go, from, to));
        if (theta != p) {
            p.copyFrom(theta);
        } else {
            p.storage().bumpVersion();
        }
    }

    private static boolean denseFromZero(Tensor t) {
        return t.isContiguous() && t.offset() == 0;
    }

    private void forChunks(int n, KernelThreads.Range body) {
        if (collector != null && coupling == Coupling.PER_TENSOR) {
            body.run(0, n);   // a per-tensor rule reports numbers of the whole parameter
            collector.flush();
        } else if (collector != null) {
            collector.flushParam();
            for (int i = 0; i < n; i++) {
                collector.element(i);
                body.run(i, i + 1);
            }
            collector.flush();
        } else {
            KernelThreads.forRanges(n, chunk(), body);
        }
    }

    /** Collects the probe's values into rows: first the parameter's own, then one per element. */
    private static final class Collector implements Probe {
        private final Trace trace;
        private final int group, param;
        private int index = -1;
        private final Map<String, Double> values = new LinkedHashMap<>();

        Collector(Trace trace, int group, int param) {
            this.trace = trace;
            this.group = group;
            this.param = param;
        }

        @Override
        public Probe put(String name, double value) {
            values.put(name, value);
            return this;
        }

        void flushParam() {
            if (!values.isEmpty()) {
                flush();
            }
        }

        void element(int i) {
            if (index >= 0) {
                flush();
            }
            index = i;
        }

        void flush() {
            trace.row(new Trace.Row(group, param, index, values));
            values.clear();
        }
    }
}
