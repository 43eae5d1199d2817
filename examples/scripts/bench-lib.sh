# Shared by the bench-*.sh scripts (sourced, not run): the machine line every series starts with,
# medians and bests, and the environment PyTorch runs in.

# One line: date (UTC), CPU model, cores, load average, and the OpenBLAS core type PyTorch will use.
machine_line() {
    local model cores
    model=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
    cores=$(nproc)
    echo "machine: $(date -u '+%Y-%m-%d %H:%M UTC'); CPU ${model:-unknown}, $cores cores; load $(cut -d' ' -f1-3 /proc/loadavg);" \
         "OpenBLAS core for PyTorch: $(torch_env "${PYTHON:-/usr/bin/python3}" -c \
         'import ctypes; l = ctypes.CDLL("libopenblas.so.0"); l.openblas_get_corename.restype = ctypes.c_char_p; print(l.openblas_get_corename().decode())' \
         2>/dev/null || echo unknown)$( [ -n "${TORCH_NATIVE_CORE:-}" ] && echo ' (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for PyTorch)')"
}

# Runs "$@" in PyTorch's environment: OPENBLAS_NUM_THREADS=$OPENBLAS_THREADS (default 2), and with
# TORCH_NATIVE_CORE=1 without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, so that OpenBLAS picks its
# kernel for this CPU itself (some machines set both to a conservative core type).
torch_env() {
    if [ -n "${TORCH_NATIVE_CORE:-}" ]; then
        env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="${OPENBLAS_THREADS:-2}" "$@"
    else
        env OPENBLAS_NUM_THREADS="${OPENBLAS_THREADS:-2}" "$@"
    fi
}

# The median of the numbers on standard input, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# The largest and the smallest of the numbers on standard input.
largest() { sort -g | tail -1; }
smallest() { sort -g | head -1; }
