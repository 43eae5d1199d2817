#!/usr/bin/env bash
# End-to-end training throughput of jgrad against PyTorch: the same MLP (784-H-10, ReLU, AdamW,
# cross-entropy) on the same data, jgrad's `bench` and ../shared/reference/torch_mnist_ref.py run
# alternately ROUNDS times per batch size; prints every round (the median and best of its timed
# epochs, and the load average), then, per side, the median and the best of all timed epochs of all
# rounds and the ratio of each: a busy host only ever adds time, so the best epochs show what each
# side does undisturbed, the medians what it does typically. Then the peak RSS of a full training
# run (`jgrad mnist`, 5 epochs) with /usr/bin/time -v.
#
#   examples/scripts/bench-e2e.sh                         # 5 rounds, batch 64 and 256
#   ROUNDS=3 BATCHES="64" examples/scripts/bench-e2e.sh
#   DATA=/path/to/idx-dir MVN_ARGS=-o examples/scripts/bench-e2e.sh
#   TORCH_NATIVE_CORE=1 examples/scripts/bench-e2e.sh     # PyTorch without OPENBLAS_CORETYPE/L2_SIZE
#
# Data: DATA, else Fashion-MNIST (60 000 images) from /usr/share/datasets/fashion-mnist if it is
# there, else the bundled 8 000-image MNIST subset (read from the source tree, gzipped IDX files).
# PyTorch runs in its best configuration on this 2-core machine: 1 torch thread, OPENBLAS_NUM_THREADS=2
# (see bench-lib.sh for TORCH_NATIVE_CORE).
# jgrad runs as the README says, `java -jar examples/target/jgrad.jar`, with JGRAD_THREADS kernel threads.
# Timed epochs: jgrad's after WARMUP untimed epochs (the JIT compiles the hot loops during the
# first one or two epochs while both cores are busy training), PyTorch's epochs 2..TORCH_EPOCHS
# (its first epoch is its warm-up).
set -euo pipefail
cd "$(dirname "$0")/../.."
. examples/scripts/bench-lib.sh
ROUNDS=${ROUNDS:-5}
[ "$ROUNDS" -ge 5 ] || echo "note: $ROUNDS rounds; BENCHMARKS.md reports 5 or more" >&2
BATCHES=${BATCHES:-"64 256"}
HIDDEN=${HIDDEN:-500}
JGRAD_THREADS=${JGRAD_THREADS:-2}
JGRAD_EPOCHS=${JGRAD_EPOCHS:-3}
WARMUP=${WARMUP:-2}
TORCH_EPOCHS=${TORCH_EPOCHS:-3}
OPENBLAS_THREADS=${OPENBLAS_THREADS:-2}
RSS_EPOCHS=${RSS_EPOCHS:-5}
TORCH_REF=${TORCH_REF:-../shared/reference/torch_mnist_ref.py}

if [ -z "${DATA:-}" ]; then
    if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
        DATA=/usr/share/datasets/fashion-mnist
    else
        DATA=examples/learn/src/main/resources/dev/jgrad/learn/data/mnist-subset
    fi
fi
idx() { # the IDX file NAME in DATA, gzipped or not
    if [ -f "$DATA/$1.gz" ]; then echo "$DATA/$1.gz"; elif [ -f "$DATA/$1" ]; then echo "$DATA/$1";
    else echo "no $1 in $DATA" >&2; exit 1; fi
}
TRAIN_X=$(idx train-images-idx3-ubyte); TRAIN_Y=$(idx train-labels-idx1-ubyte)
TEST_X=$(idx t10k-images-idx3-ubyte); TEST_Y=$(idx t10k-labels-idx1-ubyte)

# The first python3 on PATH that has torch (a pyenv shim may shadow the system one), unless PYTHON is set.
if [ -z "${PYTHON:-}" ]; then
    for candidate in $(which -a python3 2>/dev/null) /usr/bin/python3; do
        if "$candidate" -c 'import torch' 2>/dev/null; then PYTHON=$candidate; break; fi
    done
fi
if [ -z "${PYTHON:-}" ] || ! "$PYTHON" -c 'import torch' 2>/dev/null; then
    echo "no python3 with torch found; install python3-torch (Debian) or set PYTHON" >&2
    exit 1
fi
[ -f "$TORCH_REF" ] || { echo "PyTorch reference script not found: $TORCH_REF (set TORCH_REF)" >&2; exit 1; }
JAR=${JAR:-examples/target/jgrad.jar}
if [ ! -f "$JAR" ] || [ -n "${REBUILD:-}" ]; then
    mvn -B -q ${MVN_ARGS:-} -DskipTests package
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
machine_line
echo "data: $DATA; jgrad: $JGRAD_THREADS kernel threads, $WARMUP warm-up + $JGRAD_EPOCHS timed epochs;" \
     "PyTorch $("$PYTHON" -c 'import torch; print(torch.__version__)'): 1 thread, OPENBLAS_NUM_THREADS=$OPENBLAS_THREADS," \
     "epochs 2..$TORCH_EPOCHS timed; hidden $HIDDEN; $ROUNDS alternating rounds"
for batch in $BATCHES; do
    for r in $(seq 1 "$ROUNDS"); do
        java -jar "$JAR" bench --data "$DATA" --batch-size "$batch" --hidden "$HIDDEN" --threads "$JGRAD_THREADS" \
                --warmup "$WARMUP" --epochs "$JGRAD_EPOCHS" 2>/dev/null \
            | sed -n 's/^epoch [0-9]*: \([0-9]*\) samples\/s.*/\1/p' > "$out/round.jgrad"
        torch_env "$PYTHON" "$TORCH_REF" "$TRAIN_X" "$TRAIN_Y" "$TEST_X" "$TEST_Y" "$TORCH_EPOCHS" "$batch" "$HIDDEN" 1 \
            | awk '$1 == "epoch" && $2 > 1 { for (i = 1; i < NF; i++) if ($i == "samples_per_s") print $(i + 1) }' \
            > "$out/round.torch"
        [ -s "$out/round.jgrad" ] && [ -s "$out/round.torch" ] || { echo "round $r at batch $batch: a run failed" >&2; exit 1; }
        cat "$out/round.jgrad" >> "$out/jgrad.$batch"
        cat "$out/round.torch" >> "$out/torch.$batch"
        j=$(median < "$out/round.jgrad"); t=$(median < "$out/round.torch")
        printf 'batch %-4s round %d: jgrad %7.0f (best %7.0f) samples/s   PyTorch %7.0f (best %7.0f)   ratio %.2f   load %s\n' \
            "$batch" "$r" "$j" "$(largest < "$out/round.jgrad")" "$t" "$(largest < "$out/round.torch")" \
            "$(echo "$j $t" | awk '{ print $1 / $2 }')" "$(cut -d' ' -f1 /proc/loadavg)"
    done
done

echo
echo "over all timed epochs of $ROUNDS alternating rounds (samples/s): median, best, and the ratios jgrad / PyTorch"
printf '%-7s %14s %12s %16s %14s %14s %12s\n' batch "jgrad median" "jgrad best" "PyTorch median" "PyTorch best" \
    "median ratio" "best ratio"
for batch in $BATCHES; do
    mj=$(median < "$out/jgrad.$batch"); mt=$(median < "$out/torch.$batch")
    bj=$(largest < "$out/jgrad.$batch"); bt=$(largest < "$out/torch.$batch")
    printf '%-7s %14.0f %12.0f %16.0f %14.0f %14.2f %12.2f\n' "$batch" "$mj" "$bj" "$mt" "$bt" \
        "$(echo "$mj $mt" | awk '{ print $1 / $2 }')" "$(echo "$bj $bt" | awk '{ print $1 / $2 }')"
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# Peak RSS of a full run. java -jar relaunches itself with the Vector API module (one JVM waiting
# for another), so both processes' own peaks (VmHWM) are read while they run and added up;
# /usr/bin/time reports the larger of the two, not their sum.
if [ -z "${SKIP_RSS:-}" ]; then
    TIME=/usr/bin/time
    [ -x "$TIME" ] || { echo "no /usr/bin/time: apt-get install time (or SKIP_RSS=1)" >&2; exit 1; }
    echo
    echo "peak RSS: java -jar $JAR mnist --data $DATA --epochs $RSS_EPOCHS --no-progress"
    "$TIME" -v java -jar "$JAR" mnist --data "$DATA" --epochs "$RSS_EPOCHS" --no-progress \
        > "$out/rss.out" 2> "$out/rss.err" &
    timer=$!
    launcher_hwm=0; trainer_hwm=0
    while kill -0 "$timer" 2>/dev/null; do
        launcher=$(pgrep -P "$timer" java | head -1 || true)
        if [ -n "$launcher" ]; then
            h=$(awk '/^VmHWM/ { print $2 }' "/proc/$launcher/status" 2>/dev/null || true)
            [ -n "$h" ] && [ "$h" -gt "$launcher_hwm" ] && launcher_hwm=$h
            trainer=$(pgrep -P "$launcher" java | head -1 || true)
            if [ -n "$trainer" ]; then
                h=$(awk '/^VmHWM/ { print $2 }' "/proc/$trainer/status" 2>/dev/null || true)
                [ -n "$h" ] && [ "$h" -gt "$trainer_hwm" ] && trainer_hwm=$h
            fi
        fi
        sleep 0.2
    done
    wait "$timer"
    grep -E '^(Epoch|Done)' "$out/rss.out" || true
    max=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out/rss.err")
    elapsed=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$out/rss.err")
    printf '/usr/bin/time -v: maximum resident set size %.1f MB, wall clock %s\n' "$(echo "$max" | awk '{ print $1 / 1024 }')" "$elapsed"
    printf 'peaks read from /proc: training JVM %.1f MB + launching JVM %.1f MB = %.1f MB\n' \
        "$(echo "$trainer_hwm" | awk '{ print $1 / 1024 }')" "$(echo "$launcher_hwm" | awk '{ print $1 / 1024 }')" \
        "$(echo "$trainer_hwm $launcher_hwm" | awk '{ print ($1 + $2) / 1024 }')"
fi
