package dev.jgrad.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jgrad.tensor.DType;

/**
 * Adam's memory of one parameter: the step count t and the moment averages m ({@code exp_avg}) and
 * v ({@code exp_avg_sq}), plus vMax ({@code max_exp_avg_sq}) with AMSGrad. The step count is per
 * parameter: a step in which the parameter had no gradient does not count, so bias correction
 * stays right for parameters that are only sometimes used.
 *
 * <p>The averages have the parameter's dtype, as in PyTorch: float64 arrays for a float64
 * parameter, float32 arrays for a float32 one. Either way the accessors return doubles (a float
 * widens exactly), and a saved float32 state reads back to the same bits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AdamState implements ParamState {
    long t;
    final DType dtype;
    /** float64 averages, null for a float32 state. */
    final double[] m, v;
    double[] vMax;
    /** float32 averages, null for a float64 state. */
    final float[] m32, v32;
    float[] vMax32;

    AdamState(int numel, DType dtype, boolean amsgrad) {
        this.dtype = dtype;
        boolean f64 = dtype == DType.FLOAT64;
        m = f64 ? new double[numel] : null;
        v = f64 ? new double[numel] : null;
        vMax = f64 && amsgrad ? new double[numel] : null;
        m32 = f64 ? null : new float[numel];
        v32 = f64 ? null : new float[numel];
        vMax32 = !f64 && amsgrad ? new float[numel] : null;
    }

    /**
     * A state as saved; {@code dtype} may be null (files written before float32 states existed), which
     * means float64. For float32 the values are rounded to float.
     */
    @JsonCreator
    public AdamState(@JsonProperty("step") long step, @JsonProperty("dtype") DType dtype, @JsonProperty("m") double[] m,
                     @JsonProperty("v") double[] v, @JsonProperty("vMax") double[] vMax) {
        if (step < 0) throw new IllegalArgumentException("Invalid step: " + step + " (must be >= 0)");
        if (m == null || v == null) throw new IllegalArgumentException("Adam state needs both m and v");
        if (v.length != m.length || (vMax != null && vMax.length != m.length)) {
            throw new IllegalArgumentException("Adam state arrays differ in length: m " + m.length + ", v " + v.length
                    + (vMax == null ? "" : ", vMax " + vMax.length));
        }
        this.t = step;
        this.dtype = dtype == null ? DType.FLOAT64 : dtype;
        boolean f64 = this.dtype == DType.FLOAT64;
        this.m = f64 ? m.clone() : null;
        this.v = f64 ? v.clone() : null;
        this.vMax = f64 && vMax != null ? vMax.clone() : null;
        this.m32 = f64 ? null : narrow(m);
        this.v32 = f64 ? null : narrow(v);
        this.vMax32 = f64 ? null : narrow(vMax);
    }

    /** A float64 state. */
    public AdamState(long step, double[] m, double[] v, double[] vMax) {
        this(step, DType.FLOAT64, m, v, vMax);
    }

    /** Steps taken with a gradient: t in the bias corrections 1 − βᵗ. */
    @JsonProperty("step")
    public long step() {
        return t;
    }

    /** The dtype of the averages: the parameter's. */
    @JsonProperty("dtype")
    public DType dtype() {
        return dtype;
    }

    /** A copy of the first-moment average m. */
    @JsonProperty("m")
    public double[] m() {
        return m != null ? m.clone() : widen(m32);
    }

    /** A copy of the second-moment average v. */
    @JsonProperty("v")
    public double[] v() {
        return v != null ? v.clone() : widen(v32);
    }

    /** A copy of AMSGrad's running maximum of v, or null without AMSGrad. */
    @JsonProperty("vMax")
    public double[] vMax() {
        return vMax != null ? vMax.clone() : widen(vMax32);
    }

    /** Starts AMSGrad's running maximum at 0 if it is switched on after the first step. */
    void ensureVMax() {
        if (dtype == DType.FLOAT64 && vMax == null) vMax = new double[numel()];
        if (dtype == DType.FLOAT32 && vMax32 == null) vMax32 = new float[numel()];
    }

    /** This state with averages of {@code target}'s dtype, as PyTorch casts state when loading it. */
    AdamState castTo(DType target) {
        return new AdamState(t, target, m(), v(), vMax());
    }

    @Override
    public int numel() {
        return m != null ? m.length : m32.length;
    }

    @Override
    public AdamState copy() {
        return castTo(dtype);
    }

    private static float[] narrow(double[] a) {
        if (a == null) return null;
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    private static double[] widen(float[] a) {
        if (a == null) return null;
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}
