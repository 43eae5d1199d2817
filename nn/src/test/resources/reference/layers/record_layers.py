"""Records PyTorch 1.13 forward and backward numbers (float64) for jgrad's normalisation layers and
binary cross-entropy losses into layers-forward-backward.json (next to this script).

Run from this directory with PyTorch 1.13 installed:  python3 record_layers.py
Each case: the input x (and target y), the output, and the gradient of sum(output * w) with respect
to x and to the parameters, where w is a fixed random weighting (so every output element matters).
"""
import json

import torch

torch.manual_seed(20261203)
torch.set_default_dtype(torch.float64)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def weighted_backward(out):
    w = torch.randn(out.shape)
    (out * w).sum().backward()
    return w


cases = {}


def batchnorm(name, shape, mode, steps):
    bn = torch.nn.BatchNorm1d(shape[1], eps=1e-5, momentum=0.1)
    with torch.no_grad():
        bn.weight.copy_(torch.randn(shape[1]))
        bn.bias.copy_(torch.randn(shape[1]))
    weight0, bias0 = flat(bn.weight), flat(bn.bias)
    inputs = []
    # a few training batches first so the running statistics move
    for _ in range(steps):
        xb = torch.randn(shape) * 2 + 1
        inputs.append(flat(xb))
        bn(xb)
    if mode == "eval":
        bn.eval()
    x = (torch.randn(shape) * 2 + 1).requires_grad_(True)
    out = bn(x)
    w = weighted_backward(out)
    cases[name] = {
        "shape": list(shape), "mode": mode, "weight": weight0, "bias": bias0, "warmup": inputs,
        "x": flat(x), "w": flat(w), "out": flat(out), "grad_x": flat(x.grad),
        "grad_weight": flat(bn.weight.grad), "grad_bias": flat(bn.bias.grad),
        "running_mean": flat(bn.running_mean), "running_var": flat(bn.running_var),
        "num_batches_tracked": int(bn.num_batches_tracked),
    }


def layernorm(name, shape, normalized):
    ln = torch.nn.LayerNorm(normalized, eps=1e-5)
    with torch.no_grad():
        ln.weight.copy_(torch.randn(normalized))
        ln.bias.copy_(torch.randn(normalized))
    x = (torch.randn(shape) * 3 - 1).requires_grad_(True)
    out = ln(x)
    w = weighted_backward(out)
    cases[name] = {
        "shape": list(shape), "normalized_shape": list(normalized), "weight": flat(ln.weight), "bias": flat(ln.bias),
        "x": flat(x), "w": flat(w), "out": flat(out), "grad_x": flat(x.grad),
        "grad_weight": flat(ln.weight.grad), "grad_bias": flat(ln.bias.grad),
    }


def bce_logits(name, shape, reduction, pos_weight):
    x = (torch.randn(shape) * 5).requires_grad_(True)
    x.data[0] = 40.0   # large logits: the stable form must stay finite
    x.data[-1] = -40.0
    y = torch.rand(shape)
    pw = None if pos_weight is None else torch.rand(shape[-1]) * 3
    loss = torch.nn.BCEWithLogitsLoss(reduction=reduction, pos_weight=pw)
    out = loss(x, y)
    w = weighted_backward(out) if reduction == "none" else (out.backward(), torch.ones(()))[1]
    cases[name] = {
        "shape": list(shape), "reduction": reduction, "pos_weight": None if pw is None else flat(pw),
        "x": flat(x), "y": flat(y), "w": flat(w), "out": flat(out), "grad_x": flat(x.grad),
    }


def bce(name, shape, reduction):
    p = torch.rand(shape).clamp(0.001, 0.999).requires_grad_(True)
    y = torch.rand(shape)
    y.data[0] = 1.0
    y.data[-1] = 0.0
    out = torch.nn.BCELoss(reduction=reduction)(p, y)
    w = weighted_backward(out) if reduction == "none" else (out.backward(), torch.ones(()))[1]
    cases[name] = {
        "shape": list(shape), "reduction": reduction, "x": flat(p), "y": flat(y), "w": flat(w),
        "out": flat(out), "grad_x": flat(p.grad),
    }


batchnorm("batchnorm_train_2d", (6, 4), "train", 2)
batchnorm("batchnorm_eval_2d", (5, 3), "eval", 3)
batchnorm("batchnorm_train_3d", (4, 3, 5), "train", 1)
layernorm("layernorm_1d", (5, 6), [6])
layernorm("layernorm_2d", (2, 3, 4), [3, 4])
bce_logits("bce_logits_mean", (7,), "mean", None)
bce_logits("bce_logits_none_pos_weight", (4, 3), "none", True)
bce_logits("bce_logits_sum_pos_weight", (3, 5), "sum", True)
bce("bce_mean", (9,), "mean")
bce("bce_none", (3, 4), "none")

# the clamp of the log at -100: p exactly 0 and 1 with the wrong targets
p = torch.tensor([0.0, 1.0, 0.5])
cases["bce_clamp"] = {"x": flat(p), "y": [1.0, 0.0, 1.0], "out": flat(torch.nn.BCELoss(reduction="none")(
    p, torch.tensor([1.0, 0.0, 1.0])))}

# Recorded after every random draw above, so adding them changed no earlier case.
# BCEWithLogitsLoss at x = 0 exactly: d/dx = sigmoid(0) - y = 1/2 - y (with pos_weight: (1 + (pw - 1) y)/2 - pw y)
x0 = torch.zeros(3, requires_grad=True)
torch.nn.BCEWithLogitsLoss(reduction="sum")(x0, torch.tensor([0.0, 0.3, 1.0])).backward()
x0pw = torch.zeros(3, requires_grad=True)
torch.nn.BCEWithLogitsLoss(reduction="sum", pos_weight=torch.tensor([2.0, 0.5, 3.0]))(
    x0pw, torch.tensor([0.0, 0.3, 1.0])).backward()
cases["bce_logits_at_zero"] = {"y": [0.0, 0.3, 1.0], "pos_weight": [2.0, 0.5, 3.0], "grad_x": flat(x0.grad),
                               "grad_x_pos_weight": flat(x0pw.grad)}


def finite_or_text(t):
    return [v if abs(v) != float("inf") else ("inf" if v > 0 else "-inf") for v in flat(t)]


# BCELoss at and next to the bounds: the loss is clamped at 100, the gradient divides by max(p(1-p), 1e-12f)
pb = torch.tensor([0.0, 1.0, 0.0, 1.0, 0.5, 1e-13, 0.2, 0.7], requires_grad=True)
yb = torch.tensor([1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.3, 0.6], requires_grad=True)
ob = torch.nn.BCELoss(reduction="none")(pb, yb)
ob.sum().backward()
cases["bce_at_bounds"] = {"x": flat(pb), "y": flat(yb), "out": flat(ob), "grad_x": flat(pb.grad),
                          "grad_y": finite_or_text(yb.grad)}

with open("layers-forward-backward.json", "w") as f:
    json.dump({"torch": torch.__version__, "dtype": "float64", "seed": 20261203, "cases": cases}, f, indent=1)
