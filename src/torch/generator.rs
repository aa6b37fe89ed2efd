//! `Generator`: PyTorch's default CPU generator, and `Tensor.uniform_` and
//! `Tensor.normal_` on it.

use core::any::TypeId;

use super::mt19937::Mt19937;
use super::normal::{normal_f32_avx2, normal_f32_libm, normal_f64, normal_scalar};
use super::uniform::{uniform_f32, uniform_f64};
use crate::{InitError, Real};

/// Which of PyTorch's CPU kernels made the values to reproduce.
///
/// PyTorch compiles its CPU kernels several times, for several instruction sets,
/// and picks one at start-up; `torch.backends.cpu.get_cpu_capability()` names it.
/// The kernels draw the same numbers from the generator but round differently:
///
/// | kernel | `uniform_` | `normal_`, `float32`, ≥ 16 elements | other `normal_` |
/// |---|---|---|---|
/// | [`Avx2`](CpuKernel::Avx2) | one fused multiply-add | `avx_mathfun.h` polynomials, fused steps | last step fused |
/// | [`Avx512`](CpuKernel::Avx512) | one fused multiply-add | C library `logf`, `cosf`, `sinf`; last step fused | last step fused |
/// | [`Default`](CpuKernel::Default) | multiply, then add | C library; multiply, then add | multiply, then add |
///
/// ```
/// use nninit::torch::{CpuKernel, Generator};
///
/// let avx2 = Generator::manual_seed(0);
/// assert_eq!(avx2.kernel(), CpuKernel::Avx2);
/// let baseline = Generator::manual_seed(0).with_kernel(CpuKernel::Default);
/// assert_eq!(baseline.kernel(), CpuKernel::Default);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CpuKernel {
    /// `"AVX2"`: x86-64 machines with AVX2 and FMA but not AVX-512 (most desktop
    /// and laptop CPUs). The default, and the kernel the crate's tests check
    /// against PyTorch's own output.
    #[default]
    Avx2,
    /// `"AVX512"`: x86-64 machines on which PyTorch selects its AVX-512 build
    /// (many servers). Its `normal_` for `float32` does not use the AVX2
    /// polynomials (they are compiled into the AVX2 build only), but the compiler
    /// still fuses multiply-adds.
    Avx512,
    /// `"DEFAULT"`: x86-64 machines without AVX2, or PyTorch run with
    /// `ATEN_CPU_CAPABILITY=default`. No fused multiply-add anywhere. Its `normal_`
    /// values go through the C library, whose versions of `log`, `cos` and `sin`
    /// glibc chooses by the CPU (see the [module docs](super)): for every bit, run
    /// on the kind of CPU the reference ran on.
    Default,
}

impl CpuKernel {
    /// The name `torch.backends.cpu.get_cpu_capability()` gives the kernel.
    ///
    /// ```
    /// assert_eq!(nninit::torch::CpuKernel::Avx2.capability(), "AVX2");
    /// ```
    #[must_use]
    pub fn capability(self) -> &'static str {
        match self {
            CpuKernel::Avx2 => "AVX2",
            CpuKernel::Avx512 => "AVX512",
            CpuKernel::Default => "DEFAULT",
        }
    }

    /// Whether the build contracts `a·b + c` into one fused multiply-add.
    pub(crate) fn fused(self) -> bool {
        !matches!(self, CpuKernel::Default)
    }
}

/// PyTorch's default CPU generator, as `torch.manual_seed(seed)` leaves it, and the
/// calls that draw from it.
///
/// The generator is PyTorch's `CPUGeneratorImpl`: a Mersenne Twister
/// (`at::mt19937`) and the cached second value of the scalar normal path. Each
/// call draws exactly what the PyTorch call of the same name draws, so that a
/// sequence of calls reproduces the same sequence in PyTorch: a model's layers in
/// the order PyTorch builds them, weight then bias, or any interleaving of
/// `uniform_`, `normal_` and `torch.nn.init` calls.
///
/// # Example
/// ```
/// use nninit::torch::Generator;
///
/// // torch.manual_seed(0); torch.empty(3).uniform_(); torch.empty(3).uniform_()
/// let mut g = Generator::manual_seed(0);
/// let mut a = [0.0f32; 3];
/// let mut b = [0.0f32; 3];
/// g.uniform_(&mut a, 0.0, 1.0)?;
/// g.uniform_(&mut b, 0.0, 1.0)?;
/// // The same six values as one call on six elements.
/// let mut six = [0.0f32; 6];
/// Generator::manual_seed(0).uniform_(&mut six, 0.0, 1.0)?;
/// assert_eq!([a, b].concat(), six);
/// assert_eq!(a[0], 0.4962566);
/// # Ok::<(), nninit::InitError>(())
/// ```
///
/// # References
/// `aten/src/ATen/CPUGeneratorImpl.cpp` and `aten/src/ATen/core/MT19937RNGEngine.h`:
/// <https://github.com/pytorch/pytorch/tree/main/aten/src/ATen>;
/// `torch.manual_seed`: <https://pytorch.org/docs/stable/generated/torch.manual_seed.html>.
#[derive(Clone, Debug, PartialEq)]
#[doc(alias = "manual_seed")]
#[doc(alias = "CPUGeneratorImpl")]
pub struct Generator {
    mt: Mt19937,
    /// `next_double_normal_sample_`: the second value of the scalar path's last
    /// pair, not yet used.
    next_normal: Option<f64>,
    seed: u64,
    kernel: CpuKernel,
}

impl Generator {
    /// The generator as `torch.manual_seed(seed)` leaves PyTorch's default CPU
    /// generator (or `torch.Generator().manual_seed(seed)` a new one), with the
    /// AVX2 kernel. Only the low 32 bits of the seed reach the Mersenne Twister,
    /// as in PyTorch.
    ///
    /// ```
    /// use nninit::torch::Generator;
    /// assert_eq!(Generator::manual_seed(5489).random(), 3_499_211_612);
    /// assert_eq!(Generator::manual_seed(7).initial_seed(), 7);
    /// ```
    #[must_use]
    pub fn manual_seed(seed: u64) -> Self {
        Generator {
            mt: Mt19937::new(seed),
            next_normal: None,
            seed,
            kernel: CpuKernel::Avx2,
        }
    }

    /// The same generator, rounding as `kernel` does (see [`CpuKernel`]).
    ///
    /// ```
    /// use nninit::torch::{CpuKernel, Generator};
    /// let mut fused = [0.0f32; 1000];
    /// let mut plain = [0.0f32; 1000];
    /// Generator::manual_seed(0).uniform_(&mut fused, -0.1, 0.1)?;
    /// Generator::manual_seed(0).with_kernel(CpuKernel::Default).uniform_(&mut plain, -0.1, 0.1)?;
    /// assert_ne!(fused, plain); // the last bit of some values
    /// assert!(fused.iter().zip(&plain).all(|(a, b)| (a - b).abs() <= f32::EPSILON * 0.1));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn with_kernel(mut self, kernel: CpuKernel) -> Self {
        self.kernel = kernel;
        self
    }

    /// The kernel whose rounding the generator reproduces.
    ///
    /// ```
    /// assert_eq!(nninit::torch::Generator::manual_seed(1).kernel(), nninit::torch::CpuKernel::Avx2);
    /// ```
    #[must_use]
    pub fn kernel(&self) -> CpuKernel {
        self.kernel
    }

    /// The seed given to [`manual_seed`](Self::manual_seed): `torch.initial_seed()`.
    ///
    /// ```
    /// assert_eq!(nninit::torch::Generator::manual_seed(42).initial_seed(), 42);
    /// ```
    #[must_use]
    pub fn initial_seed(&self) -> u64 {
        self.seed
    }

    /// One 32-bit draw: `CPUGeneratorImpl::random`.
    ///
    /// ```
    /// // std::mt19937's first output for its default seed.
    /// assert_eq!(nninit::torch::Generator::manual_seed(5489).random(), 3_499_211_612);
    /// ```
    pub fn random(&mut self) -> u32 {
        self.mt.next_u32()
    }

    /// Two 32-bit draws joined, the first in the high half:
    /// `CPUGeneratorImpl::random64`.
    ///
    /// ```
    /// use nninit::torch::Generator;
    /// let mut a = Generator::manual_seed(1);
    /// let mut b = a.clone();
    /// let (hi, lo) = (b.random(), b.random());
    /// assert_eq!(a.random64(), (u64::from(hi) << 32) | u64::from(lo));
    /// ```
    pub fn random64(&mut self) -> u64 {
        self.mt.next_u64()
    }

    /// Fills `out` as `tensor.uniform_(from, to)` fills a contiguous `float32` or
    /// `float64` tensor of `out.len()` elements: `U[from, to)`, one 32-bit draw per
    /// `float32` element and two per `float64` element.
    ///
    /// `from` and `to` are rounded to the element type first, as PyTorch does.
    /// Each value is `x·(to − from) + from` with `x` the draw's low 24 (`f32`) or 53
    /// (`f64`) bits over 2²⁴ or 2⁵³; see [`CpuKernel`] for its rounding.
    ///
    /// # Example
    /// ```
    /// use nninit::torch::Generator;
    ///
    /// // torch.manual_seed(0); torch.empty(2, dtype=torch.float64).uniform_(-1, 1)
    /// let mut w = [0.0f64; 2];
    /// Generator::manual_seed(0).uniform_(&mut w, -1.0, 1.0)?;
    /// assert!(w.iter().all(|x| (-1.0..1.0).contains(x)));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// What PyTorch rejects, and nothing is drawn: [`InitError::NonFinite`] for a
    /// NaN or infinite bound, [`InitError::NotRepresentable`] for a bound beyond
    /// the element type's range, [`InitError::EmptyRange`] when `!(from <= to)`,
    /// [`InitError::InfiniteRange`] when `to − from` exceeds the type's largest
    /// value, and [`InitError::NotReproducible`] for an element type other than
    /// `f32` and `f64`.
    ///
    /// # References
    /// `uniform_kernel` in `aten/src/ATen/native/cpu/DistributionTemplates.h`;
    /// <https://pytorch.org/docs/stable/generated/torch.Tensor.uniform_.html>.
    #[doc(alias = "uniform")]
    pub fn uniform_<T: Real>(
        &mut self,
        out: &mut [T],
        from: f64,
        to: f64,
    ) -> Result<(), InitError> {
        let kind = Kind::of::<T>()?;
        check_uniform::<T>(from, to)?;
        self.uniform_unchecked(kind, out, from, to);
        Ok(())
    }

    /// [`uniform_`](Self::uniform_) with arguments known to be valid.
    pub(crate) fn uniform_unchecked<T: Real>(
        &mut self,
        kind: Kind,
        out: &mut [T],
        from: f64,
        to: f64,
    ) {
        let fused = self.kernel.fused();
        match kind {
            // The roundings PyTorch does: `static_cast<float>(from_)`.
            #[allow(clippy::cast_possible_truncation)]
            Kind::F32 => uniform_f32(&mut self.mt, out, from as f32, to as f32, fused),
            Kind::F64 => uniform_f64(&mut self.mt, out, from, to, fused),
        }
    }

    /// Fills `out` as `tensor.normal_(mean, std)` fills a contiguous `float32` or
    /// `float64` tensor of `out.len()` elements: `N(mean, std²)` by Box–Muller.
    ///
    /// A slice of 16 elements or more is filled in blocks of 16, from one uniform
    /// per element, plus 16 more when the length is not a multiple of 16 (the last
    /// 16 elements are recomputed from them). A shorter slice takes PyTorch's
    /// scalar path, four draws per pair of values, and the second value of the
    /// last pair is kept for the next short `normal_`, as PyTorch keeps it. See
    /// [`CpuKernel`] for the rounding, and the [module docs](super) for which
    /// values depend on the C library.
    ///
    /// # Example
    /// ```
    /// use nninit::torch::Generator;
    ///
    /// // torch.manual_seed(0); a = torch.empty(5).normal_(); b = torch.empty(5).normal_()
    /// let mut g = Generator::manual_seed(0);
    /// let (mut a, mut b) = ([0.0f32; 5], [0.0f32; 5]);
    /// g.normal_(&mut a, 0.0, 1.0)?;
    /// g.normal_(&mut b, 0.0, 1.0)?;
    /// // Five values use three pairs; b begins with the sixth, which a's call kept.
    /// let mut ten = [0.0f32; 10];
    /// Generator::manual_seed(0).normal_(&mut ten[..5], 0.0, 1.0)?;
    /// assert_eq!(a, ten[..5]);
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// [`InitError::NonFinite`] for a NaN or infinite mean or std,
    /// [`InitError::OutOfRange`] for `std < 0` (PyTorch's check; `std = 0` gives
    /// `mean` everywhere), and [`InitError::NotReproducible`] for an element type
    /// other than `f32` and `f64`. Nothing is drawn on error.
    ///
    /// # References
    /// `normal_kernel` in `aten/src/ATen/native/cpu/DistributionTemplates.h`;
    /// <https://pytorch.org/docs/stable/generated/torch.Tensor.normal_.html>.
    #[doc(alias = "normal")]
    pub fn normal_<T: Real>(
        &mut self,
        out: &mut [T],
        mean: f64,
        std: f64,
    ) -> Result<(), InitError> {
        let kind = Kind::of::<T>()?;
        check_normal(mean, std)?;
        self.normal_unchecked(kind, out, mean, std);
        Ok(())
    }

    /// [`normal_`](Self::normal_) with arguments known to be valid.
    pub(crate) fn normal_unchecked<T: Real>(
        &mut self,
        kind: Kind,
        out: &mut [T],
        mean: f64,
        std: f64,
    ) {
        let fused = self.kernel.fused();
        if out.len() < 16 {
            for o in out {
                *o = T::from_f64(normal_scalar(
                    &mut self.mt,
                    &mut self.next_normal,
                    mean,
                    std,
                    fused,
                ));
            }
            return;
        }
        // `static_cast<float>(mean)`, `static_cast<float>(std)`.
        #[allow(clippy::cast_possible_truncation)]
        let (mean32, std32) = (mean as f32, std as f32);
        match (kind, self.kernel) {
            (Kind::F32, CpuKernel::Avx2) => normal_f32_avx2(&mut self.mt, out, mean32, std32),
            (Kind::F32, _) => normal_f32_libm(&mut self.mt, out, mean32, std32, fused),
            (Kind::F64, _) => normal_f64(&mut self.mt, out, mean, std, fused),
        }
    }
}

/// The element types PyTorch's streams are reproduced for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `torch.float32`.
    F32,
    /// `torch.float64`.
    F64,
}

impl Kind {
    /// The kind of `T`, or the error for a type PyTorch's streams are not
    /// reproduced in.
    pub(crate) fn of<T: Real>() -> Result<Kind, InitError> {
        if TypeId::of::<T>() == TypeId::of::<f32>() {
            Ok(Kind::F32)
        } else if TypeId::of::<T>() == TypeId::of::<f64>() {
            Ok(Kind::F64)
        } else {
            Err(InitError::NotReproducible {
                framework: "PyTorch",
                init: T::NAME.to_owned(),
                reason: "nninit reproduces PyTorch's CPU streams for float32 and float64 only",
                hint: "fill an f32 or f64 buffer and convert it",
            })
        }
    }
}

/// A finite bound, representable in `T`.
fn bound_in<T: Real>(name: &'static str, value: f64) -> Result<(), InitError> {
    if !value.is_finite() {
        return Err(InitError::NonFinite { name, value });
    }
    if !T::from_f64(value).is_finite() {
        return Err(InitError::NotRepresentable {
            name,
            value,
            ty: T::NAME,
        });
    }
    Ok(())
}

/// PyTorch's checks in `uniform_impl_`: both bounds in the type's range,
/// `from <= to`, and `to − from` at most the type's largest value.
pub(crate) fn check_uniform<T: Real>(from: f64, to: f64) -> Result<(), InitError> {
    bound_in::<T>("from", from)?;
    bound_in::<T>("to", to)?;
    if !(from <= to) {
        return Err(InitError::EmptyRange {
            min: from,
            max: to,
            ty: T::NAME,
        });
    }
    if !T::from_f64(to - from).is_finite() {
        return Err(InitError::InfiniteRange {
            min: from,
            max: to,
            ty: T::NAME,
        });
    }
    Ok(())
}

/// PyTorch's check in `normal_` (`std >= 0`), and finite parameters.
pub(crate) fn check_normal(mean: f64, std: f64) -> Result<(), InitError> {
    if !mean.is_finite() {
        return Err(InitError::NonFinite {
            name: "mean",
            value: mean,
        });
    }
    if std.is_infinite() {
        return Err(InitError::NonFinite {
            name: "std",
            value: std,
        });
    }
    if !(std >= 0.0) {
        return Err(InitError::OutOfRange {
            name: "std",
            value: std,
            allowed: "[0, ∞) (PyTorch's normal_ accepts std >= 0)",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
