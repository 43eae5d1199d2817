package dev.jgrad.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Adam's memory of one parameter: the step count t and the moment averages m ({@code exp_avg}) and
 * v ({@code exp_avg_sq}), plus vMax ({@code max_exp_avg_sq}) with AMSGrad. The step count is per
 * parameter: a step in which the parameter had no gradient does not count, so bias correction
 * stays right for parameters that are only sometimes used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class AdamState implements ParamState {
    long t;
    final double[] m;
    final double[] v;
    double[] vMax;

    AdamState(int numel, boolean amsgrad) {
        m = new double[numel];
        v = new double[numel];
        vMax = amsgrad ? new double[numel] : null;
    }

    @JsonCreator
    public AdamState(@JsonProperty("step") long step, @JsonProperty("m") double[] m, @JsonProperty("v") double[] v,
                     @JsonProperty("vMax") double[] vMax) {
        if (step < 0) throw new IllegalArgumentException("Invalid step: " + step + " (must be >= 0)");
        if (m == null || v == null) throw new IllegalArgumentException("Adam state needs both m and v");
        if (v.length != m.length || (vMax != null && vMax.length != m.length)) {
            throw new IllegalArgumentException("Adam state arrays differ in length: m " + m.length + ", v " + v.length
                    + (vMax == null ? "" : ", vMax " + vMax.length));
        }
        this.t = step;
        this.m = m.clone();
        this.v = v.clone();
        this.vMax = vMax == null ? null : vMax.clone();
    }

    /** Steps taken with a gradient: t in the bias corrections 1 − βᵗ. */
    @JsonProperty("step")
    public long step() {
        return t;
    }

    /** A copy of the first-moment average m. */
    @JsonProperty("m")
    public double[] m() {
        return m.clone();
    }

    /** A copy of the second-moment average v. */
    @JsonProperty("v")
    public double[] v() {
        return v.clone();
    }

    /** A copy of AMSGrad's running maximum of v, or null without AMSGrad. */
    @JsonProperty("vMax")
    public double[] vMax() {
        return vMax == null ? null : vMax.clone();
    }

    @Override
    public int numel() {
        return m.length;
    }

    @Override
    public AdamState copy() {
        return new AdamState(t, m, v, vMax);
    }
}
