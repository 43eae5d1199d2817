package dev.jgrad.optim;

/**
 * Hyper-parameters of {@link SGD}, with PyTorch's names, defaults and checks.
 *
 * @param lr          learning rate γ (PyTorch 1.13 has no default: it is required, hence {@link #of})
 * @param momentum    momentum μ (default 0: plain gradient descent)
 * @param dampening   dampening τ of the momentum buffer (default 0)
 * @param weightDecay λ of the coupled L2 penalty: g ← g + λθ (default 0)
 * @param nesterov    use Nesterov momentum (default false); needs μ &gt; 0 and τ = 0
 * @param maximize    ascend the objective instead of descending it (default false)
 */
public record SgdOptions(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
                         boolean maximize) implements OptimizerOptions<SgdOptions> {

    public SgdOptions {
        Check.nonNegative("learning rate", lr);
        Check.nonNegative("momentum value", momentum);
        Check.nonNegative("weightDecay value", weightDecay);
        if (Double.isNaN(dampening)) {
            throw new IllegalArgumentException("Invalid dampening value: NaN");
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening (got momentum "
                    + momentum + ", dampening " + dampening + ")");
        }
    }

    /** PyTorch's defaults around the one required value: momentum 0, dampening 0, no decay, no Nesterov. */
    public static SgdOptions of(double lr) {
        return new SgdOptions(lr, 0, 0, 0, false, false);
    }

    @Override
    public SgdOptions withLr(double lr) {
        return new SgdOptions(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public SgdOptions withMomentum(double momentum) {
        return new SgdOptions(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public SgdOptions withDampening(double dampening) {
        return new SgdOptions(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public SgdOptions withWeightDecay(double weightDecay) {
        return new SgdOptions(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public SgdOptions withNesterov(boolean nesterov) {
        return new SgdOptions(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    public SgdOptions withMaximize(boolean maximize) {
        return new SgdOptions(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }
}
