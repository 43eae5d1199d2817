package dev.jgrad.optim;

import dev.jgrad.tensor.DType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an optimizer remembers about one parameter between steps: PyTorch's {@code optimizer.state[p]},
 * a small set of named buffers and scalars with PyTorch's names ({@code step}, {@code exp_avg},
 * {@code exp_avg_sq}, {@code max_exp_avg_sq}, {@code momentum_buffer}, ...). The framework creates it
 * at a parameter's first step with a gradient and hands it to {@link Optimizer#initState}, where the
 * optimizer declares what it keeps; state dicts, state files, the replay's {@code final_state}
 * comparison and traces read it by name, so no optimizer needs code of its own for them.
 *
 * <p>Buffers have the state's {@link #dtype()}: {@code double[]} for float64, {@code float[]} for
 * float32 (an optimizer with a float32 loop keeps float32 state for float32 parameters, as PyTorch
 * does). A buffer usually has the parameter's {@link #numel()} elements; matrix rules may keep buffers
 * of other lengths (Adafactor's row and column factors). Scalars are doubles, as PyTorch keeps
 * {@code step} in a float tensor.
 */
public final class ParamState {
    private final DType dtype;
    private final int numel;
    private final int[] shape;
    private final Map<String, Object> entries = new LinkedHashMap<>();

    /** An empty state for a vector parameter of {@code numel} elements whose buffers have {@code dtype}. */
    public ParamState(DType dtype, int numel) {
        this(dtype, new int[] {numel});
    }

    /**
     * An empty state for a parameter of {@code shape} whose buffers have {@code dtype}; matrix rules (Adafactor's
     * row and column factors, Muon's orthogonalisation) read the shape in {@code initState} and {@code update}.
     */
    public ParamState(DType dtype, int[] shape) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        int n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Invalid shape: " + Arrays.toString(shape)
                        + " (sizes must be >= 0)");
            }
            n *= d;
        }
        this.shape = shape.clone();
        this.numel = n;
    }

    /**
     * An empty group state ({@link ParamGroup#state()}): named scalars (and buffers of any length, if a rule needs
     * them) that belong to a parameter group rather than to one parameter, such as Prodigy's {@code d} or a
     * per-group step count. float64, for no parameter (numel 0).
     */
    public static ParamState group() {
        return new ParamState(DType.FLOAT64, 0);
    }

    /** The parameter's shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The dtype of every buffer. */
    public DType dtype() {
        return dtype;
    }

    /** The number of elements of the parameter this state belongs to. */
    public int numel() {
        return numel;
    }

    /** The names of the buffers and scalars, in the order they were added. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** Whether {@code name} is here (PyTorch's {@code momentum_buffer} is absent until first needed). */
    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** Whether {@code name} is a buffer (else a scalar); false if absent. */
    public boolean isBuffer(String name) {
        Object e = entries.get(name);
        return e instanceof double[] || e instanceof float[];
    }

    /** Adds a buffer of {@link #numel()} zeros. */
    public ParamState zeros(String name) {
        return zeros(name, numel);
    }

    /** Adds a buffer of {@code length} zeros. */
    public ParamState zeros(String name, int length) {
        entries.put(name, dtype == DType.FLOAT64 ? new double[length] : new float[length]);
        return this;
    }

    /** Adds (or replaces) a buffer with a copy of {@code values}, rounded to float for a float32 state. */
    public ParamState put(String name, double[] values) {
        if (dtype == DType.FLOAT64) {
            entries.put(name, values.clone());
        } else {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            entries.put(name, f);
        }
        return this;
    }

    /** Adds (or sets) a scalar. */
    public ParamState set(String name, double value) {
        Object old = entries.get(name);
        if (old != null && !(old instanceof Double)) {
            throw new IllegalArgumentException("state entry '" + name + "' is a buffer, not a scalar");
        }
        entries.put(name, value);
        return this;
    }

    /** A scalar's value. */
    public double get(String name) {
        if (!(entries.get(name) instanceof Double d)) {
            throw missing(name, "scalar");
        }
        return d;
    }

    /** Adds one to the scalar {@code name} (0 if absent) and returns the new value: {@code t ← t + 1}. */
    public long increment(String name) {
        double t = (has(name) ? get(name) : 0) + 1;
        set(name, t);
        return (long) t;
    }

    /** The float64 buffer itself (not a copy), for the update loop. */
    public double[] f64(String name) {
        if (!(entries.get(name) instanceof double[] a)) {
            throw missing(name, "float64 buffer");
        }
        return a;
    }

    /** The float32 buffer itself (not a copy), for the float32 update loop. */
    public float[] f32(String name) {
        if (!(entries.get(name) instanceof float[] a)) {
            throw missing(name, "float32 buffer");
        }
        return a;
    }

    /** A copy of a buffer as doubles (a float widens exactly), whatever the dtype. */
    public double[] values(String name) {
        Object e = entries.get(name);
        if (e instanceof double[] a) {
            return a.clone();
        }
        if (e instanceof float[] f) {
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        throw missing(name, "buffer");
    }

    /** A deep copy with buffers of {@code target} dtype, as PyTorch casts loaded state to the parameter's dtype. */
    public ParamState castTo(DType target) {
        return castTo(target, shape);
    }

    /** As {@link #castTo(DType)}, for a parameter of {@code shape} (same number of elements): loading a state dict. */
    public ParamState castTo(DType target, int[] shape) {
        ParamState out = new ParamState(target, shape);
        if (out.numel != numel) {
            throw new IllegalArgumentException("state for " + numel + " elements cannot take shape "
                    + Arrays.toString(shape));
        }
        for (var e : entries.entrySet()) {
            if (e.getValue() instanceof Double d) {
                out.set(e.getKey(), d);
            } else {
                out.put(e.getKey(), values(e.getKey()));
            }
        }
        return out;
    }

    /** Removes every entry (loading a state dict into a group). */
    public void clear() {
        entries.clear();
    }

    /** Adds (or replaces) every entry of {@code other}, buffers copied and cast to this state's dtype. */
    public ParamState putAll(ParamState other) {
        for (String n : other.names()) {
            if (other.isBuffer(n)) {
                put(n, other.values(n));
            } else {
                set(n, other.get(n));
            }
        }
        return this;
    }

    /** A deep copy (state dicts never share arrays with a live optimizer). */
    public ParamState copy() {
        return castTo(dtype);
    }

    private IllegalStateException missing(String name, String kind) {
        List<String> have = new ArrayList<>(entries.keySet());
        return new IllegalStateException("optimizer state has no " + kind + " '" + name + "' (it has " + have
                + "); declare it in initState");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParamState s) || s.dtype != dtype || s.numel != numel
                || !s.entries.keySet().equals(entries.keySet())) {
            return false;
        }
        for (var e : entries.entrySet()) {
            Object a = e.getValue(), b = s.entries.get(e.getKey());
            boolean same = a instanceof double[] x ? b instanceof double[] y && Arrays.equals(x, y)
                    : a instanceof float[] x ? b instanceof float[] y && Arrays.equals(x, y) : a.equals(b);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, numel, entries.keySet());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParamState(").append(dtype).append(", ").append(numel);
        for (var e : entries.entrySet()) {
            sb.append(", ").append(e.getKey()).append('=');
            sb.append(e.getValue() instanceof Double d ? d.toString() : "[" + values(e.getKey()).length + "]");
        }
        return sb.append(')').toString();
    }
}
