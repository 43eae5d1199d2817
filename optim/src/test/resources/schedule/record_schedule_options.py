#!/usr/bin/env python3
"""Records torch.optim.lr_scheduler with non-default options, for jgrad's ScheduleOptionsReplayTest.

    /usr/bin/python3 record_schedule_options.py > schedule-options.json

lr-schedules.json (in ../reference) holds one run per schedule with its usual options on one parameter
group. These cases reach what those do not: OneCycleLR's linear anneal, three phases, div factors, momentum
range and cycle_momentum off, on SGD (momentum) and Adam (betas[0]); ReduceLROnPlateau in mode max, with an
absolute threshold, cooldown, min_lr and an eps that skips a cut, with metrics that land exactly on the
"better" boundary (dyadic numbers, so the comparison is exact on both sides); SequentialLR handing over
between three schedules, where each new one restarts from its closed form; and two parameter groups with
different rates throughout. For each case: the optimizer and its groups' rates, the scheduler's options
(PyTorch's keyword arguments), the metrics fed to ReduceLROnPlateau, and after construction and after each
step every group's lr and (for OneCycleLR) its momentum or betas[0].
"""
import json
import warnings

import torch

torch.set_default_dtype(torch.float64)
warnings.simplefilter("ignore")  # SequentialLR's step(0) to a child is deprecated in 1.13; it is what it runs
S = torch.optim.lr_scheduler


def optimizer(kind, lrs, coefficient):
    groups = [{"params": [torch.zeros(2, requires_grad=True)], "lr": lr} for lr in lrs]
    if kind == "SGD":
        return torch.optim.SGD(groups, lr=lrs[0], momentum=coefficient)
    return torch.optim.Adam(groups, lr=lrs[0], betas=(coefficient, 0.99))


def momenta(opt):
    return [g["momentum"] if "momentum" in g else g["betas"][0] for g in opt.param_groups]


def case(name, kind, lrs, coefficient, make, steps, metrics=None, options=None):
    opt = optimizer(kind, lrs, coefficient)
    sched = make(opt)
    lr, mom = [[g["lr"] for g in opt.param_groups]], [momenta(opt)]
    for i in range(steps):
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[i])
        lr.append([g["lr"] for g in opt.param_groups])
        mom.append(momenta(opt))
    out = {"name": name, "optimizer": kind, "group_lrs": lrs, "momentum_or_beta1": coefficient,
           "options": options, "steps": steps, "lr_after_each_step": lr, "momentum_after_each_step": mom}
    if metrics is not None:
        out["metrics"] = metrics
    return out


def main():
    one_cycle_a = dict(max_lr=0.5, total_steps=20, pct_start=0.25, anneal_strategy="linear", three_phase=True,
                       div_factor=10.0, final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9)
    one_cycle_b = dict(max_lr=0.2, total_steps=12, pct_start=0.5, cycle_momentum=False)
    one_cycle_c = dict(max_lr=0.01, total_steps=16, three_phase=True, base_momentum=0.7, max_momentum=0.9)
    plateau_a = dict(mode="max", factor=0.5, patience=1, threshold=0.25, threshold_mode="abs", cooldown=2,
                     min_lr=0.02)
    plateau_b = dict(mode="min", factor=0.5, patience=0, threshold=0.5, threshold_mode="rel", eps=0.25)
    plateau_c = dict(mode="max", factor=0.25, patience=2, threshold=0.5, threshold_mode="rel")
    plateau_d = dict(mode="min", factor=0.5, patience=1, threshold=0.25, threshold_mode="abs", cooldown=1)
    cases = [
        case("OneCycleLR_linear_three_phase", "SGD", [0.1], 0.9, lambda o: S.OneCycleLR(o, **one_cycle_a), 19,
             options=one_cycle_a),
        case("OneCycleLR_no_cycle_momentum_two_groups", "SGD", [0.1, 0.01], 0.5,
             lambda o: S.OneCycleLR(o, **one_cycle_b), 11, options=one_cycle_b),
        case("OneCycleLR_three_phase_adam", "Adam", [0.001], 0.9, lambda o: S.OneCycleLR(o, **one_cycle_c), 15,
             options=one_cycle_c),
        # best 1 → 1.25 is exactly best + threshold: not better (abs, max)
        case("ReduceLROnPlateau_max_abs_cooldown_min_lr", "SGD", [0.1, 0.05], 0.0,
             lambda o: S.ReduceLROnPlateau(o, **plateau_a), 16,
             metrics=[1.0, 1.25, 1.0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
             options=plateau_a),
        # cuts 1 → 0.5, then 0.5 → 0.25 differs by exactly eps and is skipped; 2 → 1 is exactly best·(1 − 0.5)
        case("ReduceLROnPlateau_min_rel_eps_skip", "SGD", [1.0], 0.0, lambda o: S.ReduceLROnPlateau(o, **plateau_b),
             8, metrics=[2.0, 1.0, 0.5, 0.5, 0.5, 0.125, 0.125, 0.125], options=plateau_b),
        # 2 → 3 is exactly best·(1 + 0.5): not better (rel, max)
        case("ReduceLROnPlateau_max_rel", "SGD", [0.8], 0.0, lambda o: S.ReduceLROnPlateau(o, **plateau_c), 12,
             metrics=[2.0, 3.0, 3.0, 3.0, 3.0, 4.5, 4.5, 7.0, 7.0, 7.0, 7.0, 7.0], options=plateau_c),
        # 1 → 0.75 is exactly best − threshold: not better (abs, min)
        case("ReduceLROnPlateau_min_abs_cooldown", "SGD", [0.5], 0.0, lambda o: S.ReduceLROnPlateau(o, **plateau_d),
             12, metrics=[1.0, 0.75, 0.75, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25], options=plateau_d),
        case("SequentialLR_linear_step_exponential_two_groups", "SGD", [0.1, 0.04], 0.0,
             lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.2, end_factor=1.0, total_iters=4),
                                          S.StepLR(o, step_size=3, gamma=0.5), S.ExponentialLR(o, gamma=0.9)],
                                      milestones=[4, 10]), 20,
             options={"schedulers": ["LinearLR(0.2, 1.0, 4)", "StepLR(3, 0.5)", "ExponentialLR(0.9)"],
                      "milestones": [4, 10]}),
        case("SequentialLR_cosine_then_linear_decay", "SGD", [0.3], 0.0,
             lambda o: S.SequentialLR(o, [S.CosineAnnealingLR(o, T_max=5, eta_min=0.001),
                                          S.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=6)],
                                      milestones=[7]), 16,
             options={"schedulers": ["CosineAnnealingLR(5, 0.001)", "LinearLR(1.0, 0.1, 6)"], "milestones": [7]}),
    ]
    print(json.dumps({"generator": "PyTorch " + torch.__version__ + ", float64; torch.optim.lr_scheduler",
                      "cases": cases}, indent=1))


if __name__ == "__main__":
    main()
