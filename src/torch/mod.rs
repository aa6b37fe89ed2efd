//! PyTorch's own CPU random stream, bit for bit: the weights `torch.manual_seed(s)`
//! followed by PyTorch calls gives, computed in Rust.
//!
//! nninit's initializers are keyed (element `i` depends only on the key and `i`);
//! this module is the other promise. A [`Generator`] is PyTorch's default CPU
//! generator after `torch.manual_seed(seed)`, and each of its methods draws from
//! it exactly what the PyTorch call of the same name draws, and writes the same
//! values. A sequence of calls therefore reproduces a sequence: a model's layers,
//! built in PyTorch's order, come out with PyTorch's weights.
//!
//! # Example
//! ```
//! use nninit::{torch, Shape, XavierUniform};
//!
//! // torch.manual_seed(0)
//! let mut g = torch::Generator::manual_seed(0);
//! // nn.Linear(784, 128): weight [128][784], then bias
//! let (weight, bias): (Vec<f32>, Vec<f32>) = g.linear(784, 128);
//! assert_eq!((weight.len(), bias.len()), (128 * 784, 128));
//!
//! let mut w = vec![0.0f32; 128 * 784];
//! g.uniform_(&mut w, -0.1, 0.1)?; // w.uniform_(-0.1, 0.1)
//! g.normal_(&mut w, 0.0, 0.02)?; // w.normal_(0.0, 0.02)
//! // nn.init.xavier_uniform_(w)
//! g.fill(&XavierUniform::default().into(), &mut w, &Shape::from_torch(&[128, 784]))?;
//!
//! // torch.manual_seed(0); torch.rand(3) is [0.4963, 0.7682, 0.0885].
//! let mut r = [0.0f32; 3];
//! torch::Generator::manual_seed(0).uniform_(&mut r, 0.0, 1.0)?;
//! assert_eq!(r, [0.4962566, 0.7682218, 0.08847743]);
//! # Ok::<(), nninit::InitError>(())
//! ```
//!
//! # What is reproduced
//!
//! | nninit | PyTorch | values |
//! |---|---|---|
//! | [`Generator::manual_seed`], [`random`](Generator::random), [`random64`](Generator::random64) | `torch.manual_seed`, the generator's 32- and 64-bit draws | exact |
//! | [`Generator::uniform_`] (`f32`, `f64`) | `Tensor.uniform_(from, to)` | exact |
//! | [`Generator::normal_`] (`f32`, `f64`), 16 elements or more | `Tensor.normal_(mean, std)` | `f32` with [`CpuKernel::Avx2`]: exact; otherwise exact on glibc |
//! | [`Generator::normal_`], fewer than 16 elements | the same, scalar path, with its cached second value | exact on glibc |
//! | [`Generator::trunc_normal_`] | `nn.init.trunc_normal_` | as `normal_` |
//! | [`Generator::fill`] with [`RandomUniform`](crate::RandomUniform), [`XavierUniform`](crate::XavierUniform), [`KaimingUniform`](crate::KaimingUniform), [`TorchDefault`](crate::TorchDefault) | `uniform_`, `xavier_uniform_`, `kaiming_uniform_`, `kaiming_uniform_(a=√5)` | exact |
//! | [`Generator::fill`] with [`RandomNormal`](crate::RandomNormal), [`XavierNormal`](crate::XavierNormal), [`KaimingNormal`](crate::KaimingNormal), [`TruncatedNormal`](crate::TruncatedNormal) | `normal_`, `xavier_normal_`, `kaiming_normal_`, `trunc_normal_` | as `normal_` |
//! | [`Generator::fill`] with [`Constant`](crate::Constant), [`Zeros`](crate::Zeros), [`Ones`](crate::Ones), [`Identity`](crate::Identity), [`Dirac`](crate::Dirac) | `constant_`, `zeros_`, `ones_`, `eye_`, `dirac_` (no draws) | exact |
//! | [`Generator::linear`], [`conv1d`](Generator::conv1d), [`conv2d`](Generator::conv2d), [`conv3d`](Generator::conv3d), [`reset_parameters`](Generator::reset_parameters) | `nn.Linear`, `nn.Conv1d`/`2d`/`3d` (with `groups`, `bias=False`, `float64`) | exact |
//!
//! Any other initializer given to [`Generator::fill`] is an
//! [`InitError::NotReproducible`](crate::InitError::NotReproducible), never an
//! approximation: the Keras and JAX forms, which PyTorch does not have, and
//! `orthogonal_`, whose QR factorization comes from LAPACK and rounds as the
//! library build does.
//!
//! **Exact** means the same IEEE-754 bits on every platform: these values use
//! only correctly rounded operations (`+`, `×`, `√`, fused multiply-add, which
//! [`f32::mul_add`] computes exactly also on CPUs without the instruction).
//! **Exact on glibc** means the values also go through `log`, `log1p`, `cos` and
//! `sin`, where PyTorch calls the C library. nninit calls Rust's, which on Linux
//! are the same glibc routines, so the bits are PyTorch's on Linux with glibc, run
//! on the same kind of CPU: glibc chooses among versions of these functions by the
//! CPU's features (with fused multiply-add or without), and the versions can
//! differ in the last place. PyTorch on an AVX2 machine and nninit on an AVX2
//! machine agree; nninit run on an emulated CPU without FMA gave 2 of the 4172
//! `normal_` values of its tests one ulp away from PyTorch's AVX2 results (and
//! all of them on an emulated CPU with FMA). With another C library the
//! values may likewise differ by about an ulp. The `float32` `normal_` of the AVX2
//! kernel computes its `log` and `sincos` by PyTorch's own polynomials
//! (`avx_mathfun.h`), reproduced here to the bit, and is exact everywhere.
//!
//! # Versions and kernels
//!
//! The values are those of **PyTorch 2.15 on the CPU** (`torch.float32` and
//! `torch.float64`, contiguous tensors). The crate's tests compare them, bit for
//! bit, with PyTorch 2.15's own output on an x86-64 machine with AVX2, for
//! `uniform_`, `normal_` (10, 16, 17 and 1000 elements, and two short calls in a
//! row), `trunc_normal_`, `xavier_*`, `kaiming_*`, `nn.Linear` and `nn.Conv2d`.
//!
//! PyTorch compiles its CPU kernels once per instruction set and rounds
//! differently in each (see [`CpuKernel`]); choose the one that made your
//! reference with [`Generator::with_kernel`]. [`CpuKernel::Avx2`], the default,
//! is the one checked against PyTorch's output. [`CpuKernel::Default`] (no AVX2)
//! and [`CpuKernel::Avx512`] follow PyTorch's source for those builds and differ
//! from AVX2 only in rounding, in the last bit or so. Other releases are not
//! checked; `trunc_normal_` in particular drew by inverse CDF before PyTorch 2.12
//! (see [`Generator::trunc_normal_`]).
//!
//! Not reproduced: CUDA and other devices (their generators are different
//! algorithms), `float16` and `bfloat16` tensors, and non-contiguous tensors
//! (which take the scalar `normal_` path at any length).
//!
//! # References
//! The PyTorch sources followed: `aten/src/ATen/core/MT19937RNGEngine.h`,
//! `aten/src/ATen/CPUGeneratorImpl.cpp`, `aten/src/ATen/core/DistributionsHelper.h`,
//! `aten/src/ATen/core/TransformationHelper.h`,
//! `aten/src/ATen/native/cpu/DistributionTemplates.h`,
//! `aten/src/ATen/native/cpu/DistributionKernels.cpp`,
//! `aten/src/ATen/native/cpu/avx_mathfun.h`, `torch/nn/init.py`,
//! `torch/nn/modules/linear.py` and `torch/nn/modules/conv.py`, at
//! <https://github.com/pytorch/pytorch>. M. Matsumoto, T. Nishimura, "Mersenne
//! Twister: a 623-dimensionally equidistributed uniform pseudo-random number
//! generator", ACM TOMACS 8(1), 1998.

mod avx_math;
mod generator;
mod init;
mod layer;
mod mt19937;
mod normal;
mod uniform;

pub use generator::{CpuKernel, Generator};
pub use layer::Layer;
