"""Reference trajectories for org.example.signum.Signum, in the schema of jgrad's optim-trajectories.json.

An independent float64 re-derivation of the box (Python floats are IEEE-754 doubles; no numpy, no torch), written
from the paper's Algorithm 3 and not from the Java code: each line below is one line of the box, computed with the
same operations in the same order, so jgrad's replay should agree to the last bit (it compares to 1e-10).

    python3 record_signum.py > signum-trajectories.json
"""
import json
import math
import random


def sign(x):
    return 0.0 if x == 0 else math.copysign(1.0, x)


def run(lr, momentum, weight_decay, theta0, grads):
    theta, m, after = list(theta0), [0.0] * len(theta0), []
    for grad in grads:
        for i in range(len(theta)):
            g = grad[i]                                    # (1)
            if weight_decay != 0:
                g = g + weight_decay * theta[i]            # (2)
            m[i] = momentum * m[i] + (1 - momentum) * g    # (3)
            theta[i] = theta[i] - lr * sign(m[i])          # (4)
        after.append(list(theta))
    return after, m


def case(name, options, n, steps, seed):
    rng = random.Random(seed)
    theta0 = [rng.gauss(0, 1) for _ in range(n)]
    grads = [[rng.gauss(0, 1) * 10 ** rng.uniform(-3, 1) for _ in range(n)] for _ in range(steps)]
    full = {"lr": 1e-4, "momentum": 0.9, "weight_decay": 0.0}
    full.update(options)
    after, m = run(full["lr"], full["momentum"], full["weight_decay"], theta0, grads)
    return {"name": name, "optimizer": "Signum", "options": options, "theta0": theta0, "grads": grads,
            "expected_after_each_step": after, "final_state": {"momentum_buffer": m}}


print(json.dumps({
    "generator": "record_signum.py: Python 3 float64 re-derivation of Signum's box (no PyTorch)",
    "open_loop": [
        case("signum_default", {}, 5, 12, 1),
        case("signum_lr_momentum", {"lr": 0.05, "momentum": 0.5}, 7, 20, 2),
        case("signum_weight_decay", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}, 6, 25, 3),
    ],
}, indent=1))
