#!/usr/bin/env python3
"""Peer rows for docs/performance.md: how fast numpy, PyTorch and JAX fill a
4096x4096 f32 buffer on one thread, in ns per element and as a multiple of the
memory-write limit (numpy's `buf.fill(0.5)` on the same warm buffer).

Optional: nninit's tests never run it. Whatever is not installed is skipped.

    python3 benches/peers/peers.py [side]
"""

import os
import statistics
import sys
import time

# One thread everywhere, as in nninit's single-thread rows.
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(var, "1")
os.environ.setdefault(
    "XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
)

SIDE = int(sys.argv[1]) if len(sys.argv) > 1 else 4096
N = SIDE * SIDE
REPEATS = 7


def median_ns(fn):
    """Median wall time of `fn()` over REPEATS runs after one warm-up, per element."""
    fn()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter_ns()
        fn()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / N


ROWS = []


def row(name, fn):
    try:
        ROWS.append((name, median_ns(fn)))
    except Exception as exc:  # a peer that fails is reported, not fatal
        print(f"# {name}: skipped ({exc})", file=sys.stderr)


try:
    import numpy as np
except ImportError:
    sys.exit("numpy is needed for the memory-write limit: pip install numpy")

buf = np.empty(N, dtype=np.float32)
row("numpy buf.fill(0.5): the memory-write limit", lambda: buf.fill(0.5))
rng = np.random.default_rng(0)


def np_uniform():
    rng.random(dtype=np.float32, out=buf)
    np.multiply(buf, 0.1, out=buf)
    np.subtract(buf, 0.05, out=buf)


row("numpy rng.random(dtype=float32, out=buf), scaled", np_uniform)
row(
    "numpy rng.standard_normal(dtype=float32, out=buf)",
    lambda: rng.standard_normal(dtype=np.float32, out=buf),
)
row("numpy np.full(n, 0.5) (fresh memory)", lambda: np.full(N, 0.5, dtype=np.float32))

try:
    import torch

    torch.set_num_threads(1)
    t = torch.empty(SIDE, SIDE)
    nn = torch.nn.init
    row("PyTorch nn.init.uniform_", lambda: nn.uniform_(t, -0.05, 0.05))
    row("PyTorch nn.init.xavier_uniform_", lambda: nn.xavier_uniform_(t))
    row("PyTorch nn.init.normal_", lambda: nn.normal_(t, 0.0, 0.05))
    row("PyTorch nn.init.kaiming_normal_", lambda: nn.kaiming_normal_(t))
    row("PyTorch nn.init.trunc_normal_", lambda: nn.trunc_normal_(t, std=0.02))
    row(
        "PyTorch torch.empty + xavier_uniform_ (fresh memory)",
        lambda: nn.xavier_uniform_(torch.empty(SIDE, SIDE)),
    )
except ImportError:
    print("# PyTorch not installed: skipped", file=sys.stderr)

try:
    import jax

    key = jax.random.PRNGKey(0)
    init = jax.nn.initializers
    for name, f in [
        ("glorot_uniform", init.glorot_uniform()),
        ("normal", init.normal(0.05)),
        ("he_normal (truncated)", init.he_normal()),
    ]:
        row(
            f"JAX nn.initializers.{name} (fresh memory)",
            lambda f=f: f(key, (SIDE, SIDE), jax.numpy.float32).block_until_ready(),
        )
except ImportError:
    print("# JAX not installed: skipped", file=sys.stderr)

limit = ROWS[0][1]
print(f"| what ({SIDE}x{SIDE} f32, one thread) | ns per element | x the fill limit |")
print("|---|---|---|")
for name, ns in ROWS:
    print(f"| {name} | {ns:.2f} | {limit / ns:.2f} |")
