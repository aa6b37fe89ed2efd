"""More JAX outputs for tests/parity_jax.rs: odd sizes, both counter layouts, other
bounds and initializers, and parameters small enough for XLA CPU's flush-to-zero.

Usage: python jax_extra.py jax_extra.json   (with jax[cpu] 0.10.2 and numpy installed)

Format: as frameworks.json (see tests/golden/mod.rs), with `op` always present:
`seed`, `path` (a list of ["split", n, i] and ["fold_in", d] applied to key(seed) in
order), `fn` (key_data, split, bits, uniform, normal, truncated_normal, init), `dims`,
`args` and `init` (nninit's name of the initializer). Outputs of at most 64 elements
are stored whole; longer ones as the first and last 8 words and the checksum
sum(bits[i] * (i + 1)) mod 2**64. `uint32` outputs hold words, not float bits.
"""
import os, sys, json, math
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1")
import numpy as np, jax, jax.numpy as jnp
from jax.nn import initializers as ji

OUT = sys.argv[1]
cases = []


def enc(a):
    a = np.ascontiguousarray(a)
    if a.dtype == np.float32:
        w = a.view(np.uint32).ravel().astype(np.uint64)
    elif a.dtype == np.uint32:
        w = a.ravel().astype(np.uint64)
    else:
        raise TypeError(a.dtype)
    d = {"dtype": str(a.dtype), "shape": list(a.shape), "len": int(w.size)}
    hx = lambda v: [format(int(x), "08x") for x in v]
    if w.size <= 64:
        d["bits"] = hx(w)
    else:
        d["head"] = hx(w[:8])
        d["tail"] = hx(w[-8:])
        idx = np.arange(1, w.size + 1, dtype=np.uint64)
        with np.errstate(over="ignore"):
            d["checksum"] = format(int(np.sum(w * idx, dtype=np.uint64)), "016x")
    return d


def key_of(seed, path):
    k = jax.random.key(seed)
    text = f"key({seed})"
    for step in path:
        if step[0] == "split":
            k = jax.random.split(k, step[1])[step[2]]
            text = f"split({text}, {step[1]})[{step[2]}]"
        else:
            k = jax.random.fold_in(k, step[1])
            text = f"fold_in({text}, {step[1]})"
    return k, text


def add(layout, seed, fn, path=(), dims=None, args=None, init=None, py=None):
    jax.config.update("jax_threefry_partitionable", layout == "jax")
    path = [list(p) for p in path]
    k, kt = key_of(seed, path)
    shape = tuple(dims) if dims is not None else None
    if fn == "key_data":
        out, call = np.asarray(jax.random.key_data(k)), f"key_data({kt})"
    elif fn == "split":
        out, call = np.asarray(jax.random.key_data(jax.random.split(k, args[0]))), f"key_data(split({kt}, {args[0]}))"
    elif fn == "bits":
        out, call = np.asarray(jax.random.bits(k, shape, jnp.uint32)), f"bits({kt}, {shape}, uint32)"
    elif fn == "uniform":
        out, call = np.asarray(jax.random.uniform(k, shape, jnp.float32, args[0], args[1])), f"uniform({kt}, {shape}, float32, {args[0]!r}, {args[1]!r})"
    elif fn == "normal":
        out, call = np.asarray(jax.random.normal(k, shape, jnp.float32)), f"normal({kt}, {shape})"
    elif fn == "truncated_normal":
        out, call = np.asarray(jax.random.truncated_normal(k, args[0], args[1], shape, jnp.float32)), f"truncated_normal({kt}, {args[0]!r}, {args[1]!r}, {shape})"
    elif fn == "init":
        f = eval(py, {"ji": ji})
        out, call = np.asarray(f(k, shape, jnp.float32)), f"{py}({kt}, {shape})"
    else:
        raise ValueError(fn)
    op = {"seed": seed, "path": path, "fn": fn}
    if dims is not None:
        op["dims"] = list(dims)
    if args is not None:
        op["args"] = list(args)
    if init is not None:
        op["init"] = init
    cases.append({"framework": layout, "call": call, "op": op, "out": enc(out)})


for layout in ("jax", "jax-legacy"):
    for s in (-1, 2**31, 2**40 + 3, 123456789):
        add(layout, s, "key_data")
    for n in (0, 1, 2, 5):
        add(layout, 7, "split", args=[n])
    add(layout, 0, "key_data", path=[("split", 4, 3), ("fold_in", 2**32 - 1), ("split", 3, 0)])
    for n in (1, 2, 3, 7, 511, 512, 513, 1025, 100001):
        add(layout, 3, "bits", dims=[n])
    add(layout, 3, "bits", dims=[3, 5, 7])
    for n in (1, 5, 1001):
        add(layout, 11, "uniform", dims=[n], args=[-0.3, 0.7])
    for n in (1, 3, 1001):
        add(layout, 12, "normal", dims=[n])
    add(layout, 13, "truncated_normal", dims=[1001], args=[-1.5, 2.5])
    add(layout, 14, "init", dims=[7, 3], init="jax.he_uniform", py="ji.he_uniform()")
    add(layout, 15, "init", dims=[999, 1], init="jax.normal(stddev=0.3)", py="ji.normal(0.3)")

# Uniform bounds: ordinary, reversed, huge, and small enough to flush.
for lo, hi in ((0.0, 1.0), (2.5, 1e6), (1.0, 0.0), (-1e-20, 1e-20), (0.0, 1e-39), (-1e-37, 1e-36), (-3e-38, 3e-38)):
    add("jax", 21, "uniform", dims=[1001], args=[lo, hi])
# Truncation bounds, including those where the scalar erf is ±1 and subnormal ones.
for lo, hi in ((-2.0, 2.0), (-3.0, 3.0), (0.0, 2.0), (-2.0, 0.0), (-5.3, 5.3), (-5.25, 5.4), (0.3, 2.2),
               (-1e-3, 1e-3), (1.0, 3.0), (-4.0, -3.5), (6.0, 7.0), (1e-39, 1.0), (-1e-30, 1e-30)):
    add("jax", 22, "truncated_normal", dims=[1001], args=[lo, hi])
# Seed 46 draws a word whose top 23 bits are zero at element 9926: the uniform's
# lower end exactly, which truncated_normal(0, 2) clips to nextafter(0, inf), a
# subnormal that XLA CPU reads as zero.
add("jax", 46, "uniform", dims=[10000], args=[-0.3, 0.7])
add("jax", 46, "normal", dims=[10000])
add("jax", 46, "truncated_normal", dims=[10000], args=[0.0, 2.0])
# Many elements, for the rarer branches of erf_inv and log1p.
add("jax", 5, "normal", dims=[1 << 20])
add("jax", 6, "truncated_normal", dims=[1 << 20], args=[-3.0, 3.0])

for init, py, dims in (
    ("jax.lecun_uniform", "ji.lecun_uniform()", [64, 32]),
    ("jax.he_uniform", "ji.he_uniform()", [128, 64]),
    ("jax.glorot_uniform", "ji.glorot_uniform()", [3, 3, 8, 16]),
    ("jax.glorot_normal", "ji.glorot_normal()", [5, 7, 9]),
    ("jax.he_normal", "ji.he_normal()", [2, 3, 4, 5, 6]),
    ("jax.lecun_normal", "ji.lecun_normal()", [1, 1]),
    ("jax.variance_scaling(scale=0.5, mode=fan_out, distribution=untruncated_normal)", "ji.variance_scaling(0.5, 'fan_out', 'normal')", [100, 50]),
    ("jax.variance_scaling(scale=3.0, mode=fan_in, distribution=truncated_normal)", "ji.variance_scaling(3.0, 'fan_in', 'truncated_normal')", [33, 17]),
    ("jax.variance_scaling(scale=1e-80, mode=fan_in, distribution=uniform)", "ji.variance_scaling(1e-80, 'fan_in', 'uniform')", [16, 16]),
    ("jax.variance_scaling(scale=1e-70, mode=fan_avg, distribution=untruncated_normal)", "ji.variance_scaling(1e-70, 'fan_avg', 'normal')", [16, 16]),
    ("jax.normal(stddev=1e-3)", "ji.normal(1e-3)", [1000]),
    ("jax.normal(stddev=1e-37)", "ji.normal(1e-37)", [1000]),
    ("jax.truncated_normal(stddev=0.3, lower=-1.5, upper=2.5)", "ji.truncated_normal(0.3, lower=-1.5, upper=2.5)", [999]),
    ("jax.uniform(scale=2.5)", "ji.uniform(2.5)", [1000]),
    ("jax.uniform(scale=1e-36)", "ji.uniform(1e-36)", [1000]),
    ("random_uniform(minval=-0.05, maxval=0.05)", "lambda k, s, d: __import__('jax').random.uniform(k, s, d, -0.05, 0.05)", [50, 20]),
    ("jax.zeros", "ji.zeros", [4, 4]),
    ("jax.ones", "ji.ones", [3]),
    ("jax.constant(value=-7.3)", "ji.constant(-7.3)", [2, 3]),
    ("jax.constant(value=1e-40)", "ji.constant(1e-40)", [2]),
):
    add("jax", 31, "init", dims=dims, init=init, py=py)
jax.config.update("jax_threefry_partitionable", True)

meta = {"jax": jax.__version__, "jaxlib": __import__("jaxlib").__version__, "numpy": np.__version__,
        "encoding": "as frameworks.json; uint32 outputs hold words; >64 elements: head/tail 8 words and checksum"}
json.dump({"meta": meta, "cases": cases}, open(OUT, "w"), indent=0)
print(len(cases), "cases ->", OUT)
