#!/usr/bin/python3
"""How many of an image batch's entries are zero, and how often a group of images (or of pixels)
shares a zero: what the matrix kernels can skip exactly (see BENCHMARKS.md, performance round 3).

    /usr/bin/python3 examples/scripts/input-zeros.py DATA_DIR [DATA_DIR ...]

For each directory of IDX files (train-images-idx3-ubyte, raw or .gz), over 50 random batches of
64 and of 256 images (seed 0): the fraction of non-zero pixels; for x·Wᵀ, the fraction of
(group of r consecutive images, pixel) pairs where some image of the group is non-zero; for the
weight gradient Gᵀ·x computed as xᵀ·G, the same for groups of r adjacent pixels over the batch.
"""
import gzip, os, sys
import numpy as np

def images(d):
    for name in ("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "train-images.idx3-ubyte"):
        p = os.path.join(d, name)
        if os.path.exists(p):
            raw = (gzip.open if p.endswith(".gz") else open)(p, "rb").read()
            return np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 784)
    sys.exit(f"no train-images-idx3-ubyte in {d}")

rng = np.random.default_rng(0)
for d in sys.argv[1:]:
    x = images(d) != 0
    print(f"{d}: {x.mean():.3f} of pixels non-zero; {(~x.any(0)).sum()} pixel positions zero in every image")
    for batch in (64, 256):
        fwd = {r: [] for r in (1, 6, 32)}
        wgrad = {r: [] for r in (1, 6)}
        for _ in range(50):
            xb = x[rng.permutation(len(x))[:batch]]
            for r in fwd:
                fwd[r].append(np.mean([xb[i:i + r].any(0).mean() for i in range(0, batch - r + 1, r)]))
            for r in wgrad:
                wgrad[r].append(np.mean([xb.T[i:i + r].any(0).mean() for i in range(0, 784 - r + 1, r)]))
        print(f"  batch {batch}: x·Wᵀ, groups of r images, non-zero fraction "
              + ", ".join(f"r={r}: {np.mean(v):.3f}" for r, v in fwd.items())
              + "; xᵀ·G, groups of r pixels " + ", ".join(f"r={r}: {np.mean(v):.3f}" for r, v in wgrad.items()))
