package dev.jgrad.nn;

import dev.jgrad.nn.init.FanMode;
import dev.jgrad.nn.init.Init;
import dev.jgrad.nn.init.Nonlinearity;
import dev.jgrad.ops.Affine;
import dev.jgrad.tensor.DType;
import dev.jgrad.tensor.Generator;
import dev.jgrad.tensor.Shape;
import dev.jgrad.tensor.Tensor;

import java.util.Optional;

/**
 * A fully connected layer, y = x·Wᵀ + b, with PyTorch's layout: {@code weight} is
 * {@code [outFeatures, inFeatures]} and {@code bias} is {@code [outFeatures]}, so state dicts move
 * between jgrad and PyTorch unchanged. Inputs are {@code [..., inFeatures]}; leading dimensions are
 * batch dimensions.
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** A float32 layer with a bias, initialized as PyTorch's {@code nn.Linear} (see {@link #resetParameters}). */
    public Linear(int inFeatures, int outFeatures, Generator gen) {
        this(inFeatures, outFeatures, Bias.WITH, DType.FLOAT32, gen);
    }

    public Linear(int inFeatures, int outFeatures, Bias bias, DType dtype, Generator gen) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be >= 0, got in_features=" + inFeatures
                    + ", out_features=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(dtype, outFeatures, inFeatures));
        this.bias = bias == Bias.WITH ? registerParameter("bias", Tensor.zeros(dtype, outFeatures)) : null;
        resetParameters(gen);
    }

    /**
     * PyTorch's default initialization: weight by Kaiming uniform with a = √5 (leaky-ReLU gain
     * √(2/6) = 1/√3, so bound = (1/√3)·√(3/fan_in) = 1/√fan_in), bias uniform on ±1/√fan_in.
     * Both therefore start as U(−1/√fan_in, 1/√fan_in), which keeps the output variance near the
     * input variance divided by 3 whatever the width.
     */
    public void resetParameters(Generator gen) {
        Init.kaimingUniform(weight, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, gen);
        if (bias != null) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform(bias, -bound, bound, gen);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return Affine.linear(x, weight, bias); // x·Wᵀ + b in one op; see Affine for its gradients
    }

    private void checkInput(Tensor x) {
        if (x.dim() == 0 || x.size(-1) != inFeatures) {
            String got = x.dim() == 0 ? "a 0-dimensional input" : "an input with " + x.size(-1) + " features";
            throw new IllegalArgumentException(describe() + " expects " + inFeatures + " input features in the last dimension, got "
                    + got + " (shape " + Shape.str(x.shape()) + ")");
        }
        if (x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(describe() + " has " + weight.dtype() + " parameters but the input is " + x.dtype()
                    + "; convert the input with to(DType)");
        }
    }

    private String describe() {
        return "Linear layer " + (path().isEmpty() ? "" : "'" + path() + "' ") + "(" + extraRepr() + ")";
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    /** The {@code [outFeatures, inFeatures]} weight parameter. */
    public Tensor weight() {
        return weight;
    }

    /** The {@code [outFeatures]} bias parameter, absent for {@link Bias#WITHOUT}. */
    public Optional<Tensor> bias() {
        return Optional.ofNullable(bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias == null ? "False" : "True");
    }
}
