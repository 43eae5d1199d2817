#!/usr/bin/env python3
"""PyTorch side of jgrad's MNIST comparison (docs/results.md).

Trains the model of `jgrad.jar mnist` with PyTorch: 784 -> H -> ReLU -> 10 with PyTorch's default
nn.Linear initialisation, AdamW(lr 1e-3, betas 0.9/0.999, eps 1e-8, weight decay 0.01), mean
cross-entropy, a fresh random permutation of the training set every epoch, and prints one line per
epoch in the format jgrad prints.

    OPENBLAS_NUM_THREADS=2 python3 examples/scripts/torch_mnist_ref.py --data DIR [--epochs 5]
        [--batch-size 64] [--hidden 500] [--seed 0] [--threads 1]

DIR holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
t10k-labels-idx1-ubyte, each raw or gzipped (.gz), as for `jgrad.jar mnist --data DIR`.
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_idx(directory, stem, magic):
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx"), stem.replace("-idx", ".idx") + ".gz"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            found, count = struct.unpack(">II", data[:8])
            if found != magic:
                sys.exit(f"{path}: magic number {found:#010x}, expected {magic:#010x}")
            header = 16 if magic == 0x803 else 8
            array = np.frombuffer(data, dtype=np.uint8, offset=header)
            return array.reshape(count, 784) if magic == 0x803 else array
    sys.exit(f"{directory}: no {stem} (raw or .gz)")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--hidden", type=int, default=500)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    x_train = torch.from_numpy(read_idx(a.data, "train-images-idx3-ubyte", 0x803).astype(np.float32) / 255)
    y_train = torch.from_numpy(read_idx(a.data, "train-labels-idx1-ubyte", 0x801).astype(np.int64))
    x_test = torch.from_numpy(read_idx(a.data, "t10k-images-idx3-ubyte", 0x803).astype(np.float32) / 255)
    y_test = torch.from_numpy(read_idx(a.data, "t10k-labels-idx1-ubyte", 0x801).astype(np.int64))

    model = torch.nn.Sequential(torch.nn.Linear(784, a.hidden), torch.nn.ReLU(), torch.nn.Linear(a.hidden, 10))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    print(f"torch {torch.__version__}; {len(y_train)} train / {len(y_test)} test images from {a.data}; "
          f"hidden {a.hidden}, batch {a.batch_size}, seed {a.seed}")
    for epoch in range(1, a.epochs + 1):
        model.train()
        start = time.perf_counter()
        order = torch.randperm(len(y_train))
        total, batches = 0.0, 0
        for i in range(0, len(order), a.batch_size):
            idx = order[i:i + a.batch_size]
            opt.zero_grad()
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            total += loss.item()
            batches += 1
        seconds = time.perf_counter() - start
        model.eval()
        with torch.no_grad():
            logits = model(x_test)
            accuracy = 100.0 * (logits.argmax(1) == y_test).float().mean().item()
            test_loss = F.cross_entropy(logits, y_test).item()
        print(f"Epoch {epoch}, Loss: {total / batches:.4f}, Test Accuracy: {accuracy:.2f}% "
              f"({seconds:.1f} s, {len(order) / seconds:.0f} samples/s), test loss {test_loss:.4f}")


if __name__ == "__main__":
    main()
