package dev.jgrad.optim.replay;

import dev.jgrad.tensor.Tensor;

/** The closed-loop objective, written with jgrad ops so that its gradient comes from jgrad's autograd. */
final class Rosenbrock {
    static final String NAME = "rosenbrock(x,y)=(1-x)^2+100(y-x^2)^2";

    private Rosenbrock() {}

    /** f(x, y) = (1 − x)² + 100(y − x²)² for θ = (x, y), minimum 0 at (1, 1). */
    static Tensor loss(Tensor theta) {
        Tensor x = theta.narrow(0, 0, 1);
        Tensor y = theta.narrow(0, 1, 1);
        Tensor a = x.neg().add(1.0);
        Tensor b = y.sub(x.pow(2));
        return a.pow(2).add(b.pow(2).mul(100.0)).sum();
    }
}
