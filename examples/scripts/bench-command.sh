#!/usr/bin/env bash
# Wall clock of the whole MNIST command, jgrad against PyTorch, run alternately ROUNDS times:
#
#   java -jar examples/target/jgrad.jar mnist --data DATA --epochs EPOCHS --no-progress
#   OPENBLAS_NUM_THREADS=2 /usr/bin/python3 examples/scripts/torch_mnist_ref.py --data DATA --epochs EPOCHS --threads 1
#
# Both load the data, train EPOCHS epochs (batch 64, 784-500-10, AdamW) and evaluate after each.
# Per round it prints the wall clock of each command and its startup time: from launch to the
# line each prints just before its first training step (jgrad's "Model: ...", PyTorch's "torch ...").
# Then, per side, the median and the best (shortest) wall clock over the rounds, and the ratio of
# each, PyTorch / jgrad (above 1: jgrad finishes first); a busy host only ever adds time.
#
#   examples/scripts/bench-command.sh                 # 5 rounds, 5 epochs, Fashion-MNIST
#   ROUNDS=3 EPOCHS=2 DATA=/path/to/idx-dir examples/scripts/bench-command.sh
#   TORCH_NATIVE_CORE=1 examples/scripts/bench-command.sh   # PyTorch without OPENBLAS_CORETYPE/L2_SIZE
set -euo pipefail
cd "$(dirname "$0")/../.."
. examples/scripts/bench-lib.sh
ROUNDS=${ROUNDS:-5}
[ "$ROUNDS" -ge 5 ] || echo "note: $ROUNDS rounds; BENCHMARKS.md reports 5 or more" >&2
EPOCHS=${EPOCHS:-5}
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
OPENBLAS_THREADS=${OPENBLAS_THREADS:-2}
PYTHON=${PYTHON:-/usr/bin/python3}
JAR=${JAR:-examples/target/jgrad.jar}
[ -f "$JAR" ] || mvn -B -q ${MVN_ARGS:-} -DskipTests package

now() { date +%s.%N; }
# Runs "$@", prints "<wall seconds> <seconds until a line matching $MARK>".
timed() {
    local start mark="" line t
    start=$(now)
    while IFS= read -r line; do
        t=$(now)
        if [ -z "$mark" ] && [[ "$line" =~ $MARK ]]; then mark=$(echo "$t - $start" | bc); fi
    done < <("$@" 2>/dev/null)
    t=$(now)
    echo "$(echo "$t - $start" | bc) ${mark:-nan}"
}

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
machine_line
echo "data: $DATA; $EPOCHS epochs, batch 64; $ROUNDS alternating rounds"
for r in $(seq 1 "$ROUNDS"); do
    j=$(MARK='^Model: ' timed java -jar "$JAR" mnist --data "$DATA" --epochs "$EPOCHS" --no-progress)
    t=$(MARK='^torch ' timed torch_env "$PYTHON" examples/scripts/torch_mnist_ref.py \
        --data "$DATA" --epochs "$EPOCHS" --threads 1)
    echo "$j" >> "$out/jgrad"
    echo "$t" >> "$out/torch"
    printf 'round %d: jgrad %6.2f s (startup %5.2f s)   PyTorch %6.2f s (startup %5.2f s)   ratio %.2f   load %s\n' \
        "$r" $j $t "$(echo "${t%% *} ${j%% *}" | awk '{ print $1 / $2 }')" "$(cut -d' ' -f1 /proc/loadavg)"
done
mj=$(cut -d' ' -f1 "$out/jgrad" | median); mt=$(cut -d' ' -f1 "$out/torch" | median)
bj=$(cut -d' ' -f1 "$out/jgrad" | smallest); bt=$(cut -d' ' -f1 "$out/torch" | smallest)
sj=$(cut -d' ' -f2 "$out/jgrad" | median); st=$(cut -d' ' -f2 "$out/torch" | median)
printf 'medians: jgrad %.2f s (startup %.2f s), PyTorch %.2f s (startup %.2f s), ratio PyTorch/jgrad %.2f\n' \
    "$mj" "$sj" "$mt" "$st" "$(echo "$mt $mj" | awk '{ print $1 / $2 }')"
printf 'bests:   jgrad %.2f s, PyTorch %.2f s, ratio PyTorch/jgrad %.2f\n' "$bj" "$bt" "$(echo "$bt $bj" | awk '{ print $1 / $2 }')"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
