#!/usr/bin/env bash
# Matrix-product GFLOP/s of jgrad (JMH, core/src/test/java/dev/jgrad/bench) against PyTorch/OpenBLAS
# on the same shapes, run alternately; prints per-round numbers, then per side the median and the best
# round and the ratio of each.
#
#   examples/scripts/bench-gemm.sh                  # 5 rounds, jgrad 2 threads
#   ROUNDS=5 JGRAD_THREADS=1 examples/scripts/bench-gemm.sh
#   JMH_ARGS="-f 1 -wi 3 -i 5" MVN_ARGS=-o examples/scripts/bench-gemm.sh
#
# PyTorch runs in its best configuration on this 2-core machine: 1 torch thread, OPENBLAS_NUM_THREADS=2
# (see bench-lib.sh for TORCH_NATIVE_CORE).
set -euo pipefail
cd "$(dirname "$0")/../.."
. examples/scripts/bench-lib.sh
ROUNDS=${ROUNDS:-5}
JGRAD_THREADS=${JGRAD_THREADS:-2}
OPENBLAS_THREADS=${OPENBLAS_THREADS:-2}
JMH_ARGS=${JMH_ARGS:-"-f 1 -wi 3 -i 5"}
# The first python3 on PATH that has torch (a pyenv shim may shadow the system one), unless PYTHON is set.
if [ -z "${PYTHON:-}" ]; then
    for candidate in $(which -a python3 2>/dev/null); do
        if "$candidate" -c 'import torch' 2>/dev/null; then PYTHON=$candidate; break; fi
    done
fi
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import torch' 2>/dev/null; then
    echo "no python3 with torch found; install python3-torch (Debian) or set PYTHON" >&2
    exit 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

mvn -B -q ${MVN_ARGS:-} -pl core test-compile
# The test classpath; offline, without maven-dependency-plugin in the local repository, JMH's jars from it.
if mvn -B -q ${MVN_ARGS:-} -pl core dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
        -Dmdep.includeScope=test > /dev/null 2>&1; then
    deps=$(cat core/target/bench.classpath)
else
    repo=${MAVEN_REPO:-$HOME/.m2/repository}
    deps=$(find "$repo/org/openjdk/jmh/jmh-core" "$repo/net/sf/jopt-simple" "$repo/org/apache/commons/commons-math3" \
        -name '*.jar' ! -name '*-sources.jar' ! -name '*-javadoc.jar' | tr '\n' ':')
fi
cp="core/target/test-classes:core/target/classes:$deps"

machine_line
for r in $(seq 1 "$ROUNDS"); do
    echo "== round $r: jgrad ($JGRAD_THREADS threads), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    # shellcheck disable=SC2086
    java --add-modules jdk.incubator.vector -cp "$cp" dev.jgrad.bench.KernelBench $JMH_ARGS -p threads="$JGRAD_THREADS" \
        | grep -E '^[A-Za-z_0-9]+ [0-9.]+$' | tee "$out/jgrad.$r" >&2
    echo "== round $r: pytorch (1 torch thread, OPENBLAS_NUM_THREADS=$OPENBLAS_THREADS), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    torch_env "$PYTHON" examples/scripts/gemm_torch.py --torch-threads 1 | tee "$out/torch.$r" >&2
done

"$PYTHON" - "$out" "$ROUNDS" <<'PY'
import statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(kind):
    runs = {}
    for r in range(1, rounds + 1):
        for line in open(f"{out}/{kind}.{r}"):
            name, value = line.split()
            runs.setdefault(name, []).append(float(value))
    return runs
j, t = load("jgrad"), load("torch")
print(f"GFLOP/s over {rounds} alternating rounds: median and best round per side, and the ratios jgrad / PyTorch")
print(f"{'shape':<24}{'jgrad median':>13}{'jgrad best':>11}{'PyTorch median':>15}{'PyTorch best':>13}{'median ratio':>13}{'best ratio':>11}")
for name in t:
    if name in j:
        mj, mt = statistics.median(j[name]), statistics.median(t[name])
        bj, bt = max(j[name]), max(t[name])
        print(f"{name:<24}{mj:>13.1f}{bj:>11.1f}{mt:>15.1f}{bt:>13.1f}{mj / mt:>13.2f}{bj / bt:>11.2f}")
PY
