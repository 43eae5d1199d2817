#!/usr/bin/env python3
"""GFLOP/s of PyTorch (OpenBLAS) float32 matrix products on the shapes jgrad's kernel benchmarks use.

Run it the way PyTorch is fastest on this machine (one torch thread, OpenBLAS threads = cores):
    OPENBLAS_NUM_THREADS=2 python3 examples/scripts/gemm_torch.py --torch-threads 1
Prints one line per shape: name, GFLOP/s (median of --reps timed batches).
"""
import argparse
import statistics
import time

import torch

# (name, m, n, k, transpose A, transpose B): C[m×n] = op(A)·op(B); transposes are views, as in Linear.
SHAPES = [
    ("sgemm_1024", 1024, 1024, 1024, False, False),
    ("fwd_64x784_784x500", 64, 500, 784, False, True),     # x·Wᵀ
    ("fwd_64x500_500x10", 64, 10, 500, False, True),       # x·Wᵀ
    ("bwd_dW_500x64_64x784", 500, 784, 64, True, False),   # gᵀ·x
    ("fwd_256x784_784x500", 256, 500, 784, False, True),   # x·Wᵀ at batch 256
    ("bwd_dW_500x256_256x784", 500, 784, 256, True, False),  # gᵀ·x at batch 256
    ("bwd_dx_64x500_500x784", 64, 784, 500, False, False), # g·W
    ("bwd_dW_10x64_64x500", 10, 500, 64, True, False),     # gᵀ·x
    ("bwd_dx_64x10_10x500", 64, 500, 10, False, False),    # g·W
]


def operand(rows, cols, transposed, gen):
    # A transposed operand is stored as its transpose and viewed with .t(), like Wᵀ in x·Wᵀ.
    if transposed:
        return torch.rand(cols, rows, generator=gen).t()
    return torch.rand(rows, cols, generator=gen)


def gflops(m, n, k, ta, tb, reps, seconds):
    gen = torch.Generator().manual_seed(1)
    a, b = operand(m, k, ta, gen), operand(k, n, tb, gen)
    out = torch.empty(m, n)
    for _ in range(20):
        torch.mm(a, b, out=out)
    results = []
    for _ in range(reps):
        it, start = 0, time.perf_counter()
        while True:
            torch.mm(a, b, out=out)
            it += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        results.append(2.0 * m * n * k * it / elapsed / 1e9)
    return statistics.median(results)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--torch-threads", type=int, default=1)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--only", default=None, help="run only the shape with this name")
    args = p.parse_args()
    torch.set_num_threads(args.torch_threads)
    for name, m, n, k, ta, tb in SHAPES:
        if args.only and name != args.only:
            continue
        print(f"{name} {gflops(m, n, k, ta, tb, args.reps, args.seconds):.1f}", flush=True)


if __name__ == "__main__":
    main()
