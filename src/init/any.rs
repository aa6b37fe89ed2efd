//! `Init`: every built-in initializer in one runtime value.
//!
//! The list of built-in initializers is written once, in the table at the
//! `initializers!` call below: each row names a type, how it fills (element by
//! element from a plan, or as a whole tensor by its structure) and which parser
//! constructor its type name stands for. The table generates the enum, its `From`
//! impls, the dispatch of fills and samplers, [`Init::defaults`] (which the tests and
//! benchmarks iterate) and the parser's table of type names. The writer of the
//! canonical form and the parser's argument binding match on every variant or
//! constructor exhaustively, so the compiler names what a new row still needs.

use super::parse::Kind;
use super::plan::Plan;
use super::{
    Constant, DeltaOrthogonal, Dirac, GlorotNormal, GlorotUniform, HeNormal, HeUniform, Identity,
    Initializer, KaimingNormal, KaimingUniform, LecunNormal, LecunUniform, Ones, Orthogonal,
    RandomNormal, RandomUniform, Sparse, TorchDefault, TruncatedNormal, VarianceScaling,
    XavierNormal, XavierUniform, Zeros,
};
use crate::{InitError, Real, Sampler, Shape};

/// Whether a row's fill is structured: `structured(..)` rows are.
macro_rules! is_structured {
    (structured($name:literal)) => {
        true
    };
    (planned($what:ident)) => {
        false
    };
}

/// Whether a row's values are all equal: `planned(constant)` rows are.
macro_rules! is_constant {
    (planned(constant)) => {
        true
    };
    ($($other:tt)*) => {
        false
    };
}

/// A row's element-by-element plan, or the error for a structured one.
macro_rules! plan_of {
    (structured($name:literal), $init:ident, $shape:ident) => {
        Err(InitError::NotElementwise { initializer: $name })
    };
    (planned($what:ident), $init:ident, $shape:ident) => {
        $init.plan($shape)
    };
}

/// Generates [`Init`] and everything that lists its variants from one table.
macro_rules! initializers {
    (
        $(#[$doc:meta])*
        table {
            $( $variant:ident : $fill:ident($($how:tt)*) parses as $kind:ident; )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Init {
            $(
                #[doc = concat!("[`", stringify!($variant), "`].")]
                $variant($variant),
            )*
        }

        $(
            impl From<$variant> for Init {
                fn from(init: $variant) -> Init {
                    Init::$variant(init)
                }
            }
        )*

        impl Init {
            /// Every built-in initializer with its defaults, one per variant, in the
            /// order of the variants.
            ///
            /// ```
            /// use nninit::{GlorotUniform, Init};
            /// assert!(Init::defaults().any(|init| init == Init::from(GlorotUniform)));
            /// assert!(Init::defaults().all(|init| init.to_string().parse() == Ok(init)));
            /// ```
            pub fn defaults() -> impl ExactSizeIterator<Item = Init> + Clone {
                [$(Init::$variant($variant::default())),*].into_iter()
            }

            /// The name of the type the variant holds, such as `"GlorotUniform"`:
            /// also a name that [`FromStr`](core::str::FromStr) reads, with the
            /// arguments of the framework name the type follows.
            ///
            /// ```
            /// use nninit::{Init, KaimingNormal};
            /// assert_eq!(Init::from(KaimingNormal::default()).type_name(), "KaimingNormal");
            /// ```
            #[must_use]
            pub fn type_name(&self) -> &'static str {
                match self {
                    $(Init::$variant(_) => stringify!($variant),)*
                }
            }

            /// Whether the initializer fills a tensor as a whole, by its structure
            /// ([`Orthogonal`], [`Identity`], [`Dirac`], [`DeltaOrthogonal`],
            /// [`Sparse`]), rather than drawing each element independently.
            ///
            /// ```
            /// use nninit::{Init, Orthogonal, HeUniform};
            /// assert!(Init::from(Orthogonal::default()).is_structured());
            /// assert!(!Init::from(HeUniform).is_structured());
            /// ```
            #[must_use]
            pub fn is_structured(&self) -> bool {
                match self {
                    $(Init::$variant(_) => is_structured!($fill($($how)*)),)*
                }
            }

            /// Whether every element gets the same value (a [`Constant`], [`Zeros`]
            /// or [`Ones`]): such a kernel leaves a hidden layer's units identical.
            ///
            /// ```
            /// use nninit::{Init, Zeros, HeUniform};
            /// assert!(Init::from(Zeros).is_constant());
            /// assert!(!Init::from(HeUniform).is_constant());
            /// ```
            #[must_use]
            pub fn is_constant(&self) -> bool {
                match self {
                    $(Init::$variant(_) => is_constant!($fill($($how)*)),)*
                }
            }

            /// The element-by-element distribution, for the initializers that draw
            /// their elements independently.
            pub(crate) fn plan(&self, shape: &Shape) -> Result<Plan, InitError> {
                match self {
                    $(Init::$variant(_init) => plan_of!($fill($($how)*), _init, shape),)*
                }
            }
        }

        impl<T: Real> Initializer<T> for Init {
            fn fill_at(
                &self,
                out: &mut [T],
                shape: &Shape,
                key: u64,
                offset: usize,
            ) -> Result<(), InitError> {
                match self {
                    $(Init::$variant(init) => init.fill_at(out, shape, key, offset),)*
                }
            }
        }

        /// Each type's name, and the parser's constructor for it.
        pub(crate) const TYPE_NAMES: &[(&str, Kind)] = &[
            $((stringify!($variant), Kind::$kind),)*
        ];
    };
}

initializers! {
    /// Any built-in initializer, chosen at run time; itself an
    /// [`Initializer`](crate::Initializer) for every [`Real`](crate::Real) element type.
    ///
    /// Each variant fills exactly as the initializer it holds, with the same bits.
    /// [`Init::defaults`] lists every variant.
    ///
    /// An `Init` reads from the name PyTorch, Keras or JAX gives an initializer,
    /// with arguments (`"he_normal(mode=fan_out)".parse::<Init>()`, see the table of
    /// names below), and [`Display`](core::fmt::Display) writes a canonical form that
    /// reads back to an equal `Init`. With the `serde` feature it also reads and
    /// writes Keras's serialized configs.
    ///
    /// # Example
    /// ```
    /// use nninit::{GlorotUniform, Init, Initializer, Shape, Zeros};
    ///
    /// let kernel: Init = GlorotUniform.into();
    /// let bias = Init::from(Zeros);
    /// let shape = Shape::dense(16, 8);
    /// let mut w = vec![0.0f32; shape.len()];
    /// kernel.fill_keyed(&mut w, &shape, 1)?;
    /// let mut direct = vec![0.0f32; shape.len()];
    /// GlorotUniform.fill_keyed(&mut direct, &shape, 1)?;
    /// assert_eq!(w, direct);
    /// assert!(matches!(bias, Init::Zeros(_)));
    /// assert_eq!("glorot_uniform".parse::<Init>(), Ok(kernel));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    ///
    /// # Errors
    /// Those of the initializer it holds.
    ///
    /// # Names
    /// The grammar is `name` or `name(arg, ..., key=value, ...)`, positional
    /// arguments first, in the order the tables list them:
    ///
    /// ```text
    /// spec   = [prefix] name [ "(" [ arg { "," arg } [","] ] ")" ]
    /// arg    = value | key "=" value
    /// value  = number | word | 'quoted' | "quoted" | None | null
    /// prefix = torch.nn.init. | nn.init. | torch. | keras.initializers.
    ///        | tf.keras.initializers. | keras. | jax.nn.initializers. | jax. | nninit.
    /// ```
    ///
    /// Whitespace is free; numbers are read as Rust reads `f64` (`0.5`, `-1e-3`,
    /// `inf`); names are case-sensitive, as in Keras. A prefix selects a framework.
    /// Without one, a name Keras has means Keras's (`uniform` is Keras's
    /// `RandomUniform(−0.05, 0.05)`), a name only PyTorch has means PyTorch's, and a
    /// trailing underscore always means PyTorch's (`uniform_` is `U[0, 1)`). JAX's
    /// meanings need the `jax.` prefix where they differ (`jax.uniform` is
    /// `U[0, 0.01)`, `jax.xavier_normal` is the truncated `glorot_normal`).
    ///
    /// **Keras** (`keras.initializers`; every one also takes `seed`, which must be
    /// `None`: the randomness is the key given at fill time):
    ///
    /// | names | `Init` | arguments (defaults) |
    /// |---|---|---|
    /// | `GlorotUniform`, `glorot_uniform` | [`GlorotUniform`] | `input_axes=None`, `output_axes=None`; also `scale`, `mode`, `distribution`, giving a [`VarianceScaling`] when they differ from the preset's |
    /// | `GlorotNormal`, `glorot_normal` | [`GlorotNormal`] (truncated) | as above |
    /// | `HeUniform`, `he_uniform` | [`HeUniform`] | as above |
    /// | `HeNormal`, `he_normal` | [`HeNormal`] (truncated) | as above |
    /// | `LecunUniform`, `lecun_uniform` | [`LecunUniform`] | as above |
    /// | `LecunNormal`, `lecun_normal` | [`LecunNormal`] (truncated) | as above |
    /// | `VarianceScaling`, `variance_scaling` | [`VarianceScaling`] | `scale=1`, `mode=fan_in` (`fan_in`, `fan_out`, `fan_avg`), `distribution=truncated_normal` (`truncated_normal`, `untruncated_normal`, `uniform`, and `normal`, which Keras reads as `truncated_normal`) |
    /// | `RandomUniform`, `random_uniform`, `uniform` | [`RandomUniform`] | `minval=-0.05`, `maxval=0.05` |
    /// | `RandomNormal`, `random_normal`, `normal` | [`RandomNormal`] | `mean=0`, `stddev=0.05` |
    /// | `TruncatedNormal`, `truncated_normal` | [`TruncatedNormal`] cut at `mean ± 2·stddev` | `mean=0`, `stddev=0.05`; also `lower=-2`, `upper=2` (in stddevs) |
    /// | `Constant`, `constant` | [`Constant`] | `value=0` |
    /// | `Zeros`, `zeros`, `zero`; `Ones`, `ones`, `one` | [`Zeros`], [`Ones`] | none |
    /// | `Orthogonal`, `orthogonal`, `OrthogonalInitializer`, `orthogonal_initializer` | [`Orthogonal`] | `gain=1` (also spelled `scale`) |
    /// | `Identity`, `identity`, `IdentityInitializer`, `identity_initializer` | [`Identity`] | `gain=1` |
    /// | `STFT`, `stft`, `STFTInitializer`, `Initializer` | not provided: the error says why | |
    ///
    /// **PyTorch** (`torch.nn.init`; each name also without its trailing
    /// underscore, where Keras has no name of that spelling):
    ///
    /// | name | `Init` | arguments (PyTorch's defaults) |
    /// |---|---|---|
    /// | `uniform_` | [`RandomUniform`] | `a=0`, `b=1` |
    /// | `normal_` | [`RandomNormal`] | `mean=0`, `std=1` |
    /// | `trunc_normal_` | [`TruncatedNormal`] with absolute bounds | `mean=0`, `std=1`, `a=-2`, `b=2` |
    /// | `constant_` | [`Constant`] | `val` (required) |
    /// | `zeros_`, `ones_` | [`Zeros`], [`Ones`] | none |
    /// | `eye_` | [`Identity`] (gain 1) | none |
    /// | `dirac_` | [`Dirac`] | `groups=1` |
    /// | `xavier_uniform_`, `xavier_normal_` | [`XavierUniform`], [`XavierNormal`] (untruncated) | `gain=1` |
    /// | `kaiming_uniform_`, `kaiming_normal_` | [`KaimingUniform`], [`KaimingNormal`] (untruncated) | `a=0`, `mode=fan_in` (`fan_in`, `fan_out`, and nninit's `fan_avg`), `nonlinearity=leaky_relu` (any [`Nonlinearity::name`](crate::Nonlinearity::name)) |
    /// | `orthogonal_` | [`Orthogonal`] | `gain=1` |
    /// | `sparse_` | [`Sparse`] | `sparsity` (required), `std=0.01` |
    ///
    /// **JAX** (`jax.nn.initializers`, with the `jax.` prefix):
    ///
    /// | name | `Init` | arguments (JAX's defaults) |
    /// |---|---|---|
    /// | `jax.zeros`, `jax.ones` | [`Zeros`], [`Ones`] | none |
    /// | `jax.constant` | [`Constant`] | `value` (required) |
    /// | `jax.uniform` | [`RandomUniform`] on `[0, scale)` | `scale=0.01` |
    /// | `jax.normal` | [`RandomNormal`] | `stddev=0.01` |
    /// | `jax.truncated_normal` | [`TruncatedNormal`] cut at `lower·stddev`, `upper·stddev` | `stddev=0.01`, `lower=-2`, `upper=2` |
    /// | `jax.variance_scaling` | [`VarianceScaling`] | `scale`, `mode`, `distribution` (all required; JAX's `normal` is untruncated) |
    /// | `jax.glorot_uniform`, `jax.xavier_uniform`; `jax.glorot_normal`, `jax.xavier_normal` | [`GlorotUniform`]; [`GlorotNormal`] (truncated) | none |
    /// | `jax.he_uniform`, `jax.kaiming_uniform`; `jax.he_normal`, `jax.kaiming_normal` | [`HeUniform`]; [`HeNormal`] (truncated) | none |
    /// | `jax.lecun_uniform`, `jax.lecun_normal` | [`LecunUniform`], [`LecunNormal`] | none |
    /// | `jax.orthogonal` | [`Orthogonal`] | `scale=1` (also spelled `gain`) |
    /// | `jax.delta_orthogonal` | [`DeltaOrthogonal`] | `scale=1` |
    ///
    /// **nninit's own names**: every type's name ([`Init::type_name`]: `XavierUniform`,
    /// `KaimingNormal`, `Dirac`, `Sparse`, …, with the arguments of the framework name
    /// it follows), `torch_default` ([`TorchDefault`], none) and `delta_orthogonal`
    /// ([`DeltaOrthogonal`], `scale=1`).
    ///
    /// **The canonical form** that [`Display`](core::fmt::Display) writes: one name
    /// per variant, every parameter by keyword, numbers in the shortest form that
    /// reads back to the same `f64`: `constant(value=0.5)`, `zeros`, `ones`,
    /// `random_uniform(minval=-0.05, maxval=0.05)`, `random_normal(mean=0,
    /// stddev=0.05)`, `truncated_normal(mean=0, stddev=0.05)` (with `lower`, `upper`
    /// unless ±2), `trunc_normal_(mean=0, std=1, a=-2, b=2)` (absolute bounds),
    /// `variance_scaling(scale=1, mode=fan_in, distribution=truncated_normal)`, the
    /// presets' snake-case names, `xavier_uniform_(gain=1)`,
    /// `kaiming_uniform_(a=0, mode=fan_in, nonlinearity=leaky_relu)`,
    /// `torch_default`, `orthogonal(gain=1)`, `identity(gain=1)`, `dirac_(groups=1)`,
    /// `delta_orthogonal(scale=1)`, `sparse_(sparsity=0.1, std=0.01)`.
    ///
    /// With the `serde` feature, `Init` reads a name, Keras's config (old or new
    /// form, `seed`, `input_axes` and `output_axes` null) or nninit's own form for
    /// the initializers Keras lacks, and writes Keras's form where Keras has the
    /// initializer. Every float reads back to the same `f64` through `serde_json`
    /// only with its `float_roundtrip` feature: its default parser can be one ulp
    /// off (`1e-45` reads as `1.0000000000000001e-45`).
    table {
        Constant: planned(constant) parses as KerasConstant;
        Zeros: planned(constant) parses as Zeros;
        Ones: planned(constant) parses as Ones;
        RandomUniform: planned(random) parses as KerasUniform;
        RandomNormal: planned(random) parses as KerasNormal;
        TruncatedNormal: planned(random) parses as KerasTruncated;
        VarianceScaling: planned(random) parses as KerasScaling;
        GlorotUniform: planned(random) parses as GlorotUniform;
        GlorotNormal: planned(random) parses as GlorotNormal;
        HeUniform: planned(random) parses as HeUniform;
        HeNormal: planned(random) parses as HeNormal;
        LecunUniform: planned(random) parses as LecunUniform;
        LecunNormal: planned(random) parses as LecunNormal;
        XavierUniform: planned(random) parses as XavierUniform;
        XavierNormal: planned(random) parses as XavierNormal;
        KaimingUniform: planned(random) parses as KaimingUniform;
        KaimingNormal: planned(random) parses as KaimingNormal;
        TorchDefault: planned(random) parses as TorchDefault;
        Orthogonal: structured("orthogonal") parses as Orthogonal;
        Identity: structured("identity") parses as Identity;
        Dirac: structured("dirac") parses as Dirac;
        DeltaOrthogonal: structured("delta_orthogonal") parses as DeltaOrthogonal;
        Sparse: structured("sparse") parses as Sparse;
    }
}

impl Init {
    /// The element-by-element distribution for a tensor of `shape`, for use with
    /// [`rand::distr::Distribution`].
    ///
    /// # Errors
    /// Those of a fill of `shape`, and [`InitError::NotElementwise`] for an
    /// initializer that fills a tensor as a whole.
    ///
    /// ```
    /// use nninit::{Init, InitError, Orthogonal, Shape};
    /// let shape = Shape::dense(4, 4);
    /// assert!(Init::default().sampler::<f32>(&shape).is_ok());
    /// let err = Init::from(Orthogonal::default()).sampler::<f32>(&shape);
    /// assert!(matches!(err, Err(InitError::NotElementwise { .. })));
    /// ```
    pub fn sampler<T: Real>(&self, shape: &Shape) -> Result<Sampler<T>, InitError> {
        Sampler::new(self.plan(shape)?)
    }
}

impl Default for Init {
    /// Keras's default kernel initializer, [`GlorotUniform`].
    fn default() -> Self {
        Init::GlorotUniform(GlorotUniform)
    }
}

#[cfg(test)]
mod tests;
