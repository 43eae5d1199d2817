"""Records SOAP cases whose eigenbases are unique (up to sign), so that any correct eigensolver reproduces them.

SOAP builds its first eigenbasis from one gradient G: GG^T and G^TG have rank <= min(rows, cols), so on a non-square
matrix the larger side's Gram matrix is singular and its null-space eigenvectors are whatever the eigensolver picks
(rounding noise decides). The trajectory depends on that pick. These cases avoid it: square matrices, a non-square
one whose larger side is not rotated (max_precond_dim), and order-3 tensors whose unfoldings have full rank.

Runs the authors' own code, nikhilvyas/SOAP a1e5535 (soap.py), with its two casts to float32 made float64, under
PyTorch 1.13 in float64:

    /usr/bin/python3 record_soap_wellposed.py PATH/TO/soap.py > soap-wellposed.json
"""
import json
import sys
import types

import torch

torch.set_default_dtype(torch.float64)
source = open(sys.argv[1]).read().replace(".float()", ".double()")   # the preconditioner in float64
soap = types.ModuleType("soap")
exec(compile(source, "soap.py", "exec"), soap.__dict__)

CASES = [
    ("soap_square", [4, 4], {"lr": 0.01}),
    ("soap_square_freq3", [3, 3], {"lr": 0.02, "betas": [0.9, 0.99], "weight_decay": 0.0,
                                   "precondition_frequency": 3, "shampoo_beta": 0.9}),
    ("soap_one_sided", [4, 6], {"lr": 0.01, "max_precond_dim": 5}),
    ("soap_order3", [2, 3, 2], {"lr": 0.01, "precondition_frequency": 4}),
    ("soap_merge_normalize", [2, 2, 4], {"lr": 0.005, "merge_dims": True, "max_precond_dim": 4,
                                         "normalize_grads": True, "correct_bias": False, "weight_decay": 0.1}),
]
STEPS, ZERO_STEP = 25, 5   # the sixth gradient is zero

out = {"generator": "PyTorch %s, float64; nikhilvyas/SOAP a1e5535 with its float32 casts made float64" % torch.__version__,
       "open_loop": []}
for seed, (name, shape, options) in enumerate(CASES):
    gen = torch.Generator().manual_seed(1000 + seed)
    numel = 1
    for d in shape:
        numel *= d
    theta0 = torch.randn(numel, generator=gen)
    scales = torch.logspace(-2, 1, numel)[torch.randperm(numel, generator=gen)]   # gradients from 0.01 to 10
    grads = [torch.zeros(numel) if k == ZERO_STEP else torch.randn(numel, generator=gen) * scales
             for k in range(STEPS)]
    p = theta0.clone().reshape(shape).requires_grad_(True)
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}
    opt = soap.SOAP([p], **kwargs)
    after = []
    for g in grads:
        p.grad = g.clone().reshape(shape)
        opt.step()
        after.append(p.detach().flatten().tolist())
    state = opt.state[p]
    out["open_loop"].append({
        "name": name, "optimizer": "SOAP", "options": options, "shape": shape,
        "theta0": theta0.tolist(), "grads": [g.tolist() for g in grads],
        "expected_after_each_step": after,
        "final_state": {"step": float(state["step"]), "exp_avg_sq": state["exp_avg_sq"].flatten().tolist()},
    })
json.dump(out, sys.stdout, indent=None)
print()
