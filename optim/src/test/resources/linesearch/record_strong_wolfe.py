#!/usr/bin/env python3
"""Records PyTorch's strong Wolfe line search and its cubic interpolation, for jgrad's StrongWolfeReferenceTest.

    /usr/bin/python3 record_strong_wolfe.py > strong-wolfe.json

Line searches: one-dimensional polynomials f(θ) = Σ c_k θ^k (evaluated by Horner's rule, with the
derivative by Horner's rule too, so that Java repeats every rounding), searched from θ₀ along d = −s·f'(θ₀)
with torch.optim.lbfgs._strong_wolfe from a first step t₀. Each search's objective is evaluated in plain
float64 Python arithmetic at θ = θ₀ + t·d, so the only PyTorch code involved is the search itself. The
cases cover: extrapolation, zoom with both ends moving, the "insufficient progress" safeguard, the
bracket-too-small stop (large tolerance_change) and 26 evaluations (1 + max_ls) without a bracket (a line).
Cubic interpolation: torch.optim.lbfgs._cubic_interpolate on random points, slopes and bounds, including
x1 > x2 and cubics without a real minimiser.
Every number is written as the shortest decimal that round-trips (Python's repr), so the file is exact.
"""
import json
import random

import torch
from torch.optim.lbfgs import _cubic_interpolate, _strong_wolfe

torch.set_default_dtype(torch.float64)


def horner(c, x):
    f = 0.0
    for ck in reversed(c):
        f = f * x + ck
    g = 0.0
    for k in range(len(c) - 1, 0, -1):
        g = g * x + k * c[k]
    return f, g


def search(c, theta0, scale, t0, tolerance_change):
    f0, g0 = horner(c, theta0)
    d = -scale * g0
    calls = []

    def obj(x, t, dd):
        t = float(t)
        theta = theta0 + t * d
        f, g = horner(c, theta)
        calls.append(t)
        return f, torch.tensor([g])

    g = torch.tensor([g0])
    dt = torch.tensor([d])
    gtd = g.dot(dt)
    f_new, g_new, t, evals = _strong_wolfe(obj, torch.tensor([theta0]), t0, dt, f0, g, gtd,
                                           tolerance_change=tolerance_change)
    assert evals == len(calls)
    return {"coefficients": c, "theta0": theta0, "scale": scale, "t0": t0, "tolerance_change": tolerance_change,
            "f": float(f_new), "g": float(g_new[0]), "t": float(t), "evaluations": evals, "steps_tried": calls}


def main():
    rng = random.Random(20261203)
    searches = []
    # fixed shapes that force each phase
    searches.append(search([0.0, -1.0], 0.0, 1.0, 1.0, 1e-9))                 # a line: 1 + 25 evaluations, no bracket
    searches.append(search([0.0, 0.0, 1.0], 100.0, 1e-6, 1.0, 1e-9))          # minimum far away: extrapolation
    searches.append(search([0.0, 0.0, 1.0], 1.0, 50.0, 1.0, 1e-9))            # huge overshoot: zoom
    searches.append(search([0.0, 0.0, 1.0], 1.0, 50.0, 1.0, 0.5))             # bracket too small at once
    searches.append(search([0.0, 1.0, -3.0, 0.0, 1.0], 2.0, 1.0, 1.0, 1e-9))  # double well
    searches.append(search([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0], 1.5, 1.0, 1.0, 1e-9))  # θ⁶: flat bottom
    searches.append(search([0.0, 0.0, 0.5], 1.0, 1.0, 1.0, 1e-9))             # exact step accepted at once
    while len(searches) < 60:
        degree = rng.choice([2, 4, 4, 6])
        c = [rng.uniform(-3, 3) for _ in range(degree)] + [rng.uniform(0.05, 2)]
        theta0 = rng.uniform(-3, 3)
        if abs(horner(c, theta0)[1]) < 1e-3:
            continue
        scale = 10 ** rng.uniform(-4, 2)
        t0 = rng.choice([1.0, 1.0, 0.1, 10.0, 1e-3])
        tolerance_change = rng.choice([1e-9, 1e-9, 1e-9, 1e-4, 1e-2])
        searches.append(search(c, theta0, scale, t0, tolerance_change))
    cubics = []
    for _ in range(200):
        x1, x2 = rng.uniform(-5, 5), rng.uniform(-5, 5)
        if x1 == x2:
            continue
        f1, f2, g1, g2 = (rng.uniform(-10, 10) for _ in range(4))
        lo, hi = sorted((rng.uniform(-8, 8), rng.uniform(-8, 8)))
        m = _cubic_interpolate(torch.tensor(x1), torch.tensor(f1), torch.tensor(g1),
                               torch.tensor(x2), torch.tensor(f2), torch.tensor(g2), bounds=(lo, hi))
        cubics.append({"x1": x1, "f1": f1, "g1": g1, "x2": x2, "f2": f2, "g2": g2, "lower": lo, "upper": hi,
                       "minimum": float(m)})
    print(json.dumps({"generator": "PyTorch " + torch.__version__ + ", float64; torch.optim.lbfgs._strong_wolfe "
                      "(c1 1e-4, c2 0.9, max_ls 25) and _cubic_interpolate",
                      "searches": searches, "cubic_interpolations": cubics}, indent=1))


if __name__ == "__main__":
    main()
