#!/usr/bin/env python3
"""Records reference cases for your own optimizer with PyTorch, in the trajectory format jgrad's replay reads.

    /usr/bin/python3 record_my_cases.py > my-cases.json

Change the two names below and the list of cases at the end; the rest is the format.
"""
import json

import torch

torch.set_default_dtype(torch.float64)  # replays run in float64

TORCH_OPTIMIZER = torch.optim.RMSprop   # the PyTorch optimizer whose numbers you want
JGRAD_NAME = "MyRMSprop"                # the name your jgrad optimizer is registered under


def plain(values):
    return values.detach().flatten().tolist()


def open_loop(name, options, theta0, shape, steps, seed):
    """Seeded gradients from theta0 (row-major, of shape): θ after every step, then the state by PyTorch's keys."""
    generator = torch.Generator().manual_seed(seed)
    theta = torch.tensor(theta0).reshape(shape).requires_grad_()
    opt = TORCH_OPTIMIZER([theta], **options)
    grads, after = [], []
    for _ in range(steps):
        theta.grad = torch.randn(shape, generator=generator)
        grads.append(plain(theta.grad))
        opt.step()
        after.append(plain(theta))
    state = {key: plain(v) if torch.is_tensor(v) and v.dim() > 0 else float(v)   # buffers as lists, counts as numbers
             for key, v in opt.state[theta].items()}
    return {"name": name, "optimizer": JGRAD_NAME, "options": options, "theta0": theta0, "shape": shape,
            "grads": grads, "expected_after_each_step": after, "final_state": state}


def rosenbrock(theta):
    """Op for op as jgrad's replay computes it, so that both sides round alike."""
    x, y = theta.narrow(0, 0, 1), theta.narrow(0, 1, 1)
    return x.neg().add(1.0).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100.0)).sum()


def closed_loop(name, options, start, steps):
    """Gradients from autograd on Rosenbrock: the loss step(closure) returns, and θ, at every step."""
    theta = torch.tensor(start, requires_grad=True)
    opt = TORCH_OPTIMIZER([theta], **options)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(theta)
        loss.backward()
        return loss

    losses, after = [], []
    for _ in range(steps):
        losses.append(float(opt.step(closure)))
        after.append(plain(theta))
    return {"name": name, "optimizer": JGRAD_NAME, "options": options, "function": "rosenbrock", "start": start,
            "steps": steps, "loss_before_each_step": losses, "expected_after_each_step": after}


print(json.dumps({"generator": "PyTorch " + torch.__version__ + ", float64", "open_loop": [
    open_loop("my_defaults", {}, [0.5, -1.0, 2.0], [3], 25, seed=1),
    open_loop("my_options_matrix", {"lr": 0.03, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1},
              [0.1, -0.2, 0.3, -0.4, 0.5, -0.6], [2, 3], 25, seed=2),
], "closed_loop": [
    closed_loop("my_rosenbrock", {"lr": 1e-3}, [-1.5, 2.0], 100),
]}, indent=1))
