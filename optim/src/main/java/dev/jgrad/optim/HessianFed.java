package dev.jgrad.optim;

/**
 * An optimizer that takes a curvature estimate between steps, apart from its gradient steps: SophiaG's
 * {@code update_hessian()}. The caller (a training loop every k steps, or a trajectory replay) puts the estimator's
 * gradients in the parameters' {@code grad} and calls {@link #updateHessian()}; which estimator it is (Gauss–Newton–
 * Bartlett, Hutchinson) is the caller's business.
 */
public interface HessianFed {

    /** Folds the parameters' current gradients, as a diagonal curvature estimate, into the optimizer's state. */
    void updateHessian();
}
