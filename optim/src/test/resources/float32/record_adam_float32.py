#!/usr/bin/env python3
"""Records Adam and AdamW trajectories computed by PyTorch in float32, for jgrad's float32 kernel test.

    python3 record_adam_float32.py ../reference/optim-trajectories.json > adam-float32.json

Input: the Adam/AdamW open-loop cases of the project's float64 reference file (their options,
starting points and gradients, rounded to float32). Each is run once as recorded (6 elements: PyTorch's
scalar loop) and once widened to LENGTH elements (the 6 values tiled, each copy scaled by a power of
two so the copies differ; powers of two scale exactly), which runs PyTorch's vectorised loops and
their tails. Output: every case's inputs and the parameters after each step, all float32 values
written as the exact decimal of the double that holds them.
"""
import json
import sys

import torch

LENGTH = 67  # two of PyTorch's 32-float loop iterations and a 3-element tail


def widen(values, length):
    return [v * 2.0 ** ((i // len(values)) % 7 - 3) for i, v in enumerate(values * (length // len(values) + 1))][:length]


def run(case, length=None):
    theta0, grads = case["theta0"], case["grads"]
    if length is not None:
        theta0 = widen(theta0, length)
        grads = [widen(g, length) for g in grads]
    options = dict(case["options"])
    if "betas" in options:
        options["betas"] = tuple(options["betas"])
    theta = torch.tensor(theta0, dtype=torch.float32, requires_grad=True)
    optimizer = getattr(torch.optim, case["optimizer"])([theta], **options)
    after = []
    for g in grads:
        theta.grad = torch.tensor(g, dtype=torch.float32)
        optimizer.step()
        after.append([float(x) for x in theta.detach().tolist()])
    as32 = lambda xs: [float(x) for x in torch.tensor(xs, dtype=torch.float32).tolist()]
    return {
        "name": case["name"] + ("" if length is None else "_x%d" % length),
        "optimizer": case["optimizer"],
        "options": case["options"],
        "theta0": as32(theta0),
        "grads": [as32(g) for g in grads],
        "expected_after_each_step": after,
    }


def main():
    source = json.load(open(sys.argv[1]))
    torch.set_num_threads(1)
    cases = [c for c in source["open_loop"] if c["optimizer"] in ("Adam", "AdamW")]
    out = {
        "generator": "PyTorch %s, float32 (record_adam_float32.py from %s)" % (torch.__version__, source["generator"]),
        "cases": [run(c) for c in cases] + [run(c, LENGTH) for c in cases],
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
