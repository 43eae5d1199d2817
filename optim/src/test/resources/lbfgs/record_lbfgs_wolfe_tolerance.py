#!/usr/bin/env python3
"""Records torch.optim.LBFGS with strong_wolfe and a large tolerance_change, and steps of more than 25
evaluations, on Rosenbrock, for jgrad's LBFGSOptionsReplayTest.

    /usr/bin/python3 record_lbfgs_wolfe_tolerance.py > lbfgs-wolfe-tolerance.json

PyTorch 1.13's LBFGS.step calls _strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd) without passing
the group's tolerance_change on, so the line search stops shrinking its bracket at its own default 1e-9,
whatever the group says; the group's tolerance_change acts only in the step's own tests (gᵀd, |t·d| and the
loss change). The first four cases have a tolerance_change large enough (0.05 to 5) that a search given
the group's value would stop early and take another step: the script checks, by running each case a second
time with the group's tolerance_change handed to the search, that the trajectory would then differ. The last
two cases make steps of more than 25 closure evaluations with the default max_eval 25: the step's test
"evaluations ≥ max_eval" comes after a whole line search, and one search may make 1 + max_ls = 26.

The output is a trajectory file in the format jgrad's replay reads (closed_loop cases), written as
record_lbfgs_options.py (in this directory) writes it; the objective is that script's Rosenbrock.

LBFGS's dot products go through the BLAS (OpenBLAS on Debian), and OpenBLAS picks its ddot kernel for the
CPU it runs on; kernels round a two-element dot differently. The recordings in this directory were made with
the SkylakeX kernel (record_lbfgs_options.py reproduces lbfgs-options.json with it, not with the Zen/Haswell
kernel OpenBLAS 0.3.21 picks on an AMD EPYC), so this script runs itself again with OPENBLAS_CORETYPE=SkylakeX
when that is not set (it needs a CPU with AVX-512). Setting the variable from within Python before importing
torch is not enough: the kernel reports SkylakeX but the numbers are not those of a process started with it.
"""
import json
import os
import sys

if os.environ.get("OPENBLAS_CORETYPE") != "SkylakeX":
    os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, OPENBLAS_CORETYPE="SkylakeX"))

import torch  # noqa: E402  (in a process started with OPENBLAS_CORETYPE)
import torch.optim.lbfgs as lbfgs_module  # noqa: E402

from record_lbfgs_options import case  # noqa: E402

torch.set_default_dtype(torch.float64)
WOLFE = {"line_search_fn": "strong_wolfe"}
PYTORCH_SEARCH = lbfgs_module._strong_wolfe


def with_group_tolerance(name, options, start, steps):
    """The case as it would run if LBFGS handed the group's tolerance_change to the line search."""
    def search(*args, **kwargs):
        return PYTORCH_SEARCH(*args, tolerance_change=options["tolerance_change"], **kwargs)
    lbfgs_module._strong_wolfe = search
    try:
        return case(name, options, start, steps)
    finally:
        lbfgs_module._strong_wolfe = PYTORCH_SEARCH


def main():
    large = [
        ("lbfgs_wolfe_tolerance_change_0_05", dict(WOLFE, lr=2, tolerance_change=0.05), [2.5, 8.0], 5),
        ("lbfgs_wolfe_tolerance_change_0_5", dict(WOLFE, lr=2, tolerance_change=0.5), [5.0, 5.0], 5),
        ("lbfgs_wolfe_tolerance_change_1", dict(WOLFE, lr=1, tolerance_change=1.0), [2.5, 8.0], 5),
        ("lbfgs_wolfe_tolerance_change_5", dict(WOLFE, lr=2, tolerance_change=5.0), [-4.0, 10.0], 5),
    ]
    cases = []
    for name, options, start, steps in large:
        recorded = case(name, options, start, steps)
        other = with_group_tolerance(name, options, start, steps)
        assert recorded != other, name + ": the group's tolerance_change would not change this run"
        cases.append(recorded)
    over = [
        case("lbfgs_wolfe_steps_over_max_eval_lr_2", dict(WOLFE, lr=2, history_size=3), [-1.8, 3.6], 4),
        case("lbfgs_wolfe_steps_over_max_eval_lr_1", dict(WOLFE, lr=1), [2.4, 9.9], 4),
    ]
    for c in over:
        assert max(c["closure_evaluations_per_step"]) > 25, c["name"]
    cases += over
    print(json.dumps({"generator": "PyTorch " + torch.__version__ + ", float64; torch.optim.LBFGS (strong_wolfe) "
                      "on Rosenbrock", "open_loop": [], "closed_loop": cases}, indent=1))


if __name__ == "__main__":
    main()
