#!/usr/bin/env python3
"""Records torch.optim.LBFGS on Rosenbrock with non-default options, for jgrad's LBFGSOptionsReplayTest.

    /usr/bin/python3 record_lbfgs_options.py > lbfgs-options.json

The output is a trajectory file in the format jgrad's replay reads (closed_loop cases): for each case the
options (PyTorch's keyword arguments), the start, the loss each step(closure) returned, θ after each step and
how many times each step called the closure. The objective is written op for op as jgrad's replay writes it
(narrow, 1 − x, y − x², squares, ×100, sum), in float64. The options reach the parts of L-BFGS that the
default-option cases do not: a learning rate other than 1 (the first step's t = min(1, 1/‖g‖₁)·lr), a short
history (the oldest pair dropped), max_eval below max_iter, a tolerance_change that stops on the loss change,
a tolerance_grad that is met at the first evaluation of later steps (the step returns without moving), and the
strong Wolfe line search with each of these.
"""
import json

import torch

torch.set_default_dtype(torch.float64)
FUNCTION = "rosenbrock(x,y)=(1-x)^2+100(y-x^2)^2"


def rosenbrock(theta):
    x = theta.narrow(0, 0, 1)
    y = theta.narrow(0, 1, 1)
    a = x.neg().add(1.0)
    b = y.sub(x.pow(2))
    return a.pow(2).add(b.pow(2).mul(100.0)).sum()


def case(name, options, start, steps):
    theta = torch.tensor(start, requires_grad=True)
    opt = torch.optim.LBFGS([theta], **options)
    calls = [0]

    def closure():
        calls[0] += 1
        opt.zero_grad()
        loss = rosenbrock(theta)
        loss.backward()
        return loss

    losses, after, counts = [], [], []
    for _ in range(steps):
        calls[0] = 0
        losses.append(float(opt.step(closure)))
        after.append([float(v) for v in theta.detach().tolist()])
        counts.append(calls[0])
    return {"name": name, "optimizer": "LBFGS", "options": options, "function": FUNCTION, "start": start,
            "steps": steps, "loss_before_each_step": losses, "expected_after_each_step": after,
            "closure_evaluations_per_step": counts}


def main():
    wolfe = {"line_search_fn": "strong_wolfe"}
    cases = [
        case("lbfgs_lr_half_short_history", {"lr": 0.5, "max_iter": 4, "history_size": 2}, [-1.5, 2.0], 8),
        case("lbfgs_max_eval_below_max_iter", {"lr": 0.8, "max_iter": 10, "max_eval": 6}, [-1.2, 1.0], 6),
        case("lbfgs_loss_change_stop", {"lr": 1, "max_iter": 20, "tolerance_change": 1e-2}, [0.5, -0.5], 6),
        case("lbfgs_coarse_tolerance_grad", {"lr": 1, "max_iter": 20, "tolerance_grad": 0.5}, [-1.5, 2.0], 6),
        case("lbfgs_wolfe_lr_half_short_history", dict(wolfe, lr=0.5, max_iter=5, history_size=2), [-1.5, 2.0], 6),
        case("lbfgs_wolfe_loss_change_stop", dict(wolfe, lr=1, max_iter=20, tolerance_change=1e-3), [0.5, -0.5], 5),
        case("lbfgs_wolfe_coarse_tolerance_grad", dict(wolfe, lr=1, max_iter=20, tolerance_grad=0.5), [-1.2, 1.0], 4),
    ]
    print(json.dumps({"generator": "PyTorch " + torch.__version__ + ", float64; torch.optim.LBFGS on Rosenbrock",
                      "open_loop": [], "closed_loop": cases}, indent=1))


if __name__ == "__main__":
    main()
