//! `VarBuilderBackend`: a candle-nn `VarBuilder` whose variables nninit creates,
//! each under the key of one seed and its path.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::MutexGuard;

use candle_core::{DType, Device, Tensor, Var, WithDType};
use candle_nn::init::{FanInOut, NonLinearity, NormalOrUniform};
use candle_nn::var_builder::SimpleBackend;
use candle_nn::{VarBuilder, VarMap};

use crate::{
    FanMode, Init, InitError, Initializer, KaimingNormal, KaimingUniform, Nonlinearity, Ones,
    RandomNormal, RandomUniform, Real, Shape, Zeros,
};

/// A candle-nn `SimpleBackend` that creates every variable a model asks for with
/// nninit: the variable at path `p` (as candle writes it, `"fc1.weight"` for
/// `vb.pp("fc1")` asking for `"weight"`) is filled under the key
/// [`nninit::key(seed, p)`](crate::key), by the initializer
/// [`with`](Self::with) gives that path, or else by the one [`from_hint`] maps
/// candle's hint to. So `candle_nn::linear(784, 128, vb.pp("fc1"))` gets the
/// same weights, bit for bit, from the same seed on every device and in every
/// run, and adding a layer changes no other layer's weights.
///
/// It is a drop-in for `VarBuilder::from_varmap`: the variables go into a
/// candle-nn `VarMap`, whose `all_vars()` an optimizer trains and whose `save`
/// writes a checkpoint, and a path asked for twice gets the same variable (a
/// different shape the second time is an error). As with a `VarMap`,
/// `contains_tensor` is true only for variables already created. A variable is
/// created in the dtype candle asks for: `F32` and `F64`, and with the `half`
/// feature `F16` and `BF16`; any other dtype is an error, for an empty variable
/// too. A variable with no elements is created empty, whatever its initializer.
/// A variable of more than [`Shape::MAX_RANK`] (8) dimensions is an error
/// ([`InitError::RankTooHigh`]), though candle allows it.
///
/// Weights are described by [`Shape::from_torch`] of the variable's dimensions,
/// which is candle's layout (`[out, in]` for `linear`, `[out, in/groups, k...]`
/// for `conv2d`): the fans are then candle's, `FanInOut::for_shape`, for every
/// rank from 2 up.
///
/// Cloning the backend shares its `VarMap`.
///
/// # Example
/// ```
/// use candle_core::{DType, Device, Module, Tensor};
/// use candle_nn::VarMap;
/// use nninit::{Orthogonal, candle::VarBuilderBackend};
///
/// let seed = 42;
/// let (vars_a, vars_b) = (VarMap::new(), VarMap::new());
/// let vb_a = nninit::candle::var_builder(seed, &vars_a, DType::F32, &Device::Cpu);
/// let vb_b = VarBuilderBackend::new(seed, &vars_b)
///     .with("fc2.weight", Orthogonal::default())
///     .into_var_builder(DType::F32, &Device::Cpu);
///
/// let (fc1_a, fc1_b) = (candle_nn::linear(784, 128, vb_a.pp("fc1"))?, candle_nn::linear(784, 128, vb_b.pp("fc1"))?);
/// // The same seed and path: the same weights, bit for bit.
/// let bits = |t: &Tensor| t.flatten_all()?.to_vec1::<f32>();
/// assert_eq!(bits(fc1_a.weight())?, bits(fc1_b.weight())?);
///
/// // fc2's weight is overridden in `vb_b` only.
/// let fc2_a = candle_nn::linear(128, 10, vb_a.pp("fc2"))?;
/// let fc2_b = candle_nn::linear(128, 10, vb_b.pp("fc2"))?;
/// assert_ne!(bits(fc2_a.weight())?, bits(fc2_b.weight())?);
/// assert_eq!(bits(fc2_a.bias().unwrap())?, bits(fc2_b.bias().unwrap())?);
///
/// // The VarMap holds the trainable variables.
/// assert_eq!(vars_b.all_vars().len(), 4);
/// let y = fc2_b.forward(&fc1_b.forward(&Tensor::zeros((1, 784), DType::F32, &Device::Cpu)?)?)?;
/// assert_eq!(y.dims(), &[1, 10]);
/// # Ok::<(), candle_core::Error>(())
/// ```
///
/// # Errors
/// Creating a variable fails, with a candle error naming its path, when its
/// initializer fails ([`InitError`], for example an override that needs fans on a
/// bias), when its hint maps to no initializer ([`from_hint`]), when the dtype is
/// not one nninit fills, when it has more than [`Shape::MAX_RANK`] dimensions, or
/// when candle cannot create the variable on the device; and, with a message
/// saying so, when the path was created before with other dimensions.
#[derive(Clone)]
pub struct VarBuilderBackend {
    seed: u64,
    overrides: BTreeMap<String, Init>,
    vars: VarMap,
}

impl fmt::Debug for VarBuilderBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VarBuilderBackend")
            .field("seed", &self.seed)
            .field("overrides", &self.overrides)
            .finish_non_exhaustive()
    }
}

impl VarBuilderBackend {
    /// A backend that creates variables from `seed` into `vars` (which it shares:
    /// `VarMap` is a handle).
    ///
    /// ```
    /// let vars = candle_nn::VarMap::new();
    /// let backend = nninit::candle::VarBuilderBackend::new(5, &vars);
    /// assert_eq!(backend.seed(), 5);
    /// ```
    #[must_use]
    pub fn new(seed: u64, vars: &VarMap) -> Self {
        VarBuilderBackend {
            seed,
            overrides: BTreeMap::new(),
            vars: vars.clone(),
        }
    }

    /// The same backend, with `init` for the variable at `path` (the full path,
    /// such as `"fc1.weight"`) instead of the initializer its hint maps to. A
    /// later override of the same path replaces an earlier one.
    ///
    /// ```
    /// use nninit::{HeUniform, Init, Zeros};
    ///
    /// let hint = candle_nn::Init::Const(0.0);
    /// let backend = nninit::candle::VarBuilderBackend::new(5, &candle_nn::VarMap::new())
    ///     .with("fc1.weight", HeUniform);
    /// assert_eq!(backend.init_for("fc1.weight", hint, &[3, 4])?, Init::from(HeUniform));
    /// assert_eq!(backend.init_for("fc1.bias", hint, &[3])?, Init::from(Zeros));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    #[must_use]
    pub fn with(mut self, path: impl Into<String>, init: impl Into<Init>) -> Self {
        self.overrides.insert(path.into(), init.into());
        self
    }

    /// The seed from which every variable's key is derived.
    ///
    /// ```
    /// let backend = nninit::candle::VarBuilderBackend::new(9, &candle_nn::VarMap::new());
    /// assert_eq!(backend.seed(), 9);
    /// ```
    #[must_use]
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The `VarMap` that holds the variables created so far.
    ///
    /// ```
    /// use candle_core::{DType, Device};
    ///
    /// let backend = nninit::candle::VarBuilderBackend::new(9, &candle_nn::VarMap::new());
    /// let vars = backend.var_map().clone();
    /// let vb = backend.into_var_builder(DType::F64, &Device::Cpu);
    /// candle_nn::layer_norm(8, 1e-5, vb.pp("norm"))?;
    /// assert_eq!(vars.all_vars().len(), 2);
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    #[must_use]
    pub fn var_map(&self) -> &VarMap {
        &self.vars
    }

    /// The initializer the backend uses for the variable at `path` of dimensions
    /// `dims` that candle asks for with `hint`: the override for `path`, or else
    /// [`from_hint`]`(hint, dims)`.
    ///
    /// # Errors
    /// Those of [`from_hint`], when `path` has no override.
    ///
    /// ```
    /// use nninit::{FanMode, Init, KaimingNormal, Nonlinearity};
    ///
    /// // What candle_nn::linear asks for its weight.
    /// let backend = nninit::candle::VarBuilderBackend::new(1, &candle_nn::VarMap::new());
    /// let init = backend.init_for("fc1.weight", candle_nn::init::DEFAULT_KAIMING_NORMAL, &[128, 784])?;
    /// assert_eq!(init, Init::from(KaimingNormal::new(0.0, FanMode::FanIn, Nonlinearity::Relu)?));
    /// # Ok::<(), nninit::InitError>(())
    /// ```
    pub fn init_for(
        &self,
        path: &str,
        hint: candle_nn::Init,
        dims: &[usize],
    ) -> Result<Init, InitError> {
        match self.overrides.get(path) {
            Some(init) => Ok(*init),
            None => from_hint(hint, dims),
        }
    }

    /// A `VarBuilder` on this backend, whose default dtype is `dtype` and whose
    /// variables live on `device`.
    ///
    /// ```
    /// use candle_core::{DType, Device};
    ///
    /// let vb = nninit::candle::VarBuilderBackend::new(3, &candle_nn::VarMap::new())
    ///     .into_var_builder(DType::F64, &Device::Cpu);
    /// let emb = candle_nn::embedding(10, 4, vb.pp("emb"))?;
    /// assert_eq!(emb.embeddings().dtype(), DType::F64);
    /// # Ok::<(), candle_core::Error>(())
    /// ```
    #[must_use]
    pub fn into_var_builder(self, dtype: DType, device: &Device) -> VarBuilder<'static> {
        VarBuilder::from_backend(Box::new(self), dtype, device.clone())
    }

    /// Creates the variable at `path`, or returns the one created before.
    ///
    /// The `VarMap`'s lock is held only to look the path up and to insert, never
    /// during the fill: a fill large enough to run on rayon's pool may have a
    /// worker of that pool take up another task that builds variables in the same
    /// `VarMap`, and a `std::sync::Mutex` locked again on one thread never returns.
    /// Two threads that create the same path at once fill the same values (the
    /// fill is keyed), and the first to insert wins.
    fn get_or_create(
        &self,
        dims: &candle_core::Shape,
        path: &str,
        hint: candle_nn::Init,
        dtype: DType,
        device: &Device,
    ) -> candle_core::Result<Tensor> {
        if let Some(var) = self.lock()?.get(path) {
            return existing(var, dims, path);
        }
        let var = self
            .create(dims, path, hint, dtype, device)
            .map_err(|err| err.context(format!("nninit could not create the variable {path}")))?;
        let mut vars = self.lock()?;
        if let Some(var) = vars.get(path) {
            return existing(var, dims, path);
        }
        let tensor = var.as_tensor().clone();
        vars.insert(path.to_owned(), var);
        Ok(tensor)
    }

    /// A new variable for `path`, filled outside the `VarMap`'s lock.
    fn create(
        &self,
        dims: &candle_core::Shape,
        path: &str,
        hint: candle_nn::Init,
        dtype: DType,
        device: &Device,
    ) -> candle_core::Result<Var> {
        if !supported(dtype) {
            return Err(unsupported(dtype));
        }
        let shape = Shape::from_torch(dims.dims());
        // Above `Shape::MAX_RANK`, empty or not, the same error.
        shape.try_len()?;
        if shape.is_empty() {
            return Var::zeros(dims, dtype, device);
        }
        let init = self.init_for(path, hint, dims.dims())?;
        new_var(&init, &shape, crate::key(self.seed, path), dtype, device)
    }

    /// The `VarMap`'s variables, locked.
    fn lock(&self) -> candle_core::Result<MutexGuard<'_, HashMap<String, Var>>> {
        self.vars.data().lock().map_err(|_| {
            candle_core::Error::msg(
                "the VarMap's lock is poisoned, as a thread panicked while holding it; \
                 build the model again on a new VarMap",
            )
        })
    }
}

/// The variable `var` created before at `path`, if it has the dimensions `dims`
/// asked for now.
fn existing(var: &Var, dims: &candle_core::Shape, path: &str) -> candle_core::Result<Tensor> {
    if var.shape() != dims {
        return Err(candle_core::Error::UnexpectedShape {
            msg: format!("shape mismatch for {path}, created before"),
            expected: dims.clone(),
            got: var.shape().clone(),
        }
        .bt()
        .context(format!(
            "the variable {path} exists with other dimensions; ask for the dimensions it \
             was created with, or give the new variable another path"
        )));
    }
    Ok(var.as_tensor().clone())
}

impl SimpleBackend for VarBuilderBackend {
    fn get(
        &self,
        s: candle_core::Shape,
        name: &str,
        h: candle_nn::Init,
        dtype: DType,
        dev: &Device,
    ) -> candle_core::Result<Tensor> {
        self.get_or_create(&s, name, h, dtype, dev)
    }

    fn get_unchecked(&self, name: &str, _: DType, _: &Device) -> candle_core::Result<Tensor> {
        Err(candle_core::Error::msg(format!(
            "nninit's VarBuilderBackend creates variables and needs their shape to create \
             {name}; use `get` or `get_with_hints`, not `get_unchecked`"
        )))
    }

    fn contains_tensor(&self, name: &str) -> bool {
        self.vars
            .data()
            .lock()
            .is_ok_and(|vars| vars.contains_key(name))
    }
}

/// A `VarBuilder` whose variables nninit creates from `seed` into `vars`:
/// `VarBuilderBackend::new(seed, vars).into_var_builder(dtype, device)`, the
/// counterpart of candle-nn's `VarBuilder::from_varmap(vars, dtype, device)`.
///
/// # Example
/// ```
/// use candle_core::{DType, Device, Tensor};
/// use candle_nn::VarMap;
///
/// let build = |seed| -> candle_core::Result<Vec<f32>> {
///     let vars = VarMap::new();
///     let vb = nninit::candle::var_builder(seed, &vars, DType::F32, &Device::Cpu);
///     let conv = candle_nn::conv2d(3, 8, 3, Default::default(), vb.pp("conv1"))?;
///     conv.weight().flatten_all()?.to_vec1::<f32>()
/// };
/// assert_eq!(build(1)?, build(1)?);
/// assert_ne!(build(1)?, build(2)?);
/// # Ok::<(), candle_core::Error>(())
/// ```
#[must_use]
pub fn var_builder(seed: u64, vars: &VarMap, dtype: DType, device: &Device) -> VarBuilder<'static> {
    VarBuilderBackend::new(seed, vars).into_var_builder(dtype, device)
}

/// The nninit initializer for candle-nn's initialization hint `hint`, for a
/// variable of dimensions `dims` in candle's (PyTorch's) layout.
///
/// | candle `Init` | nninit |
/// |---|---|
/// | `Const(0)`, `Const(1)`, `Const(v)` | [`Zeros`], [`Ones`], [`Constant`](crate::Constant)`(v)` |
/// | `Randn { mean, stdev }` | [`RandomNormal`]`(mean, stdev)` |
/// | `Uniform { lo, up }` | [`RandomUniform`]`(lo, up)`, `U[lo, up)` as in candle |
/// | `Kaiming { Normal, fan, nl }`, rank ≥ 2 | [`KaimingNormal`]`(a = 0, fan, nl)` |
/// | `Kaiming { Uniform, fan, nl }`, rank ≥ 2 | [`KaimingUniform`]`(a = 0, fan, nl)` |
/// | `Kaiming` with `ExplicitGain(g)`, or rank < 2 | [`RandomNormal`]`(0, σ)` or [`RandomUniform`]`(−√3·σ, √3·σ)` |
///
/// `fan` is `FanIn` or `FanOut`, and candle's `NonLinearity` names the same
/// gains as nninit's [`Nonlinearity`]: `ReLU` is √2, `Tanh` 5/3, `Linear` and
/// `Sigmoid` 1, `SELU` 3/4. Both compute `σ = gain / √fan` and the uniform
/// bound `√3·σ` in the same order, so the parameters are candle's to the last
/// bit. nninit's fans for [`Shape::from_torch`] are candle's
/// (`FanInOut::for_shape`) at every rank from 2 up; below rank 2, where PyTorch's
/// layout has no fans, candle takes `fan_in = 1` and `fan_out = dims[0]` (1 for
/// a scalar), and the last row uses candle's fan and gain, `σ = gain / √fan`.
/// `candle_nn::linear`'s weight hint, `DEFAULT_KAIMING_NORMAL`, is thus
/// `KaimingNormal` with fan in and ReLU's gain: PyTorch's `kaiming_normal_`
/// default with `nonlinearity='relu'`, not `nn.Linear`'s own default (which is
/// [`TorchDefault`](crate::TorchDefault)).
///
/// # Errors
/// The constructors' errors, where candle would sample anyway: a non-finite
/// constant ([`InitError::NonFinite`]), `!(stdev > 0)`
/// ([`InitError::NonPositive`]), `!(lo < up)` ([`InitError::EmptyRange`]).
/// In the last row of the table, where the scale is computed here (an explicit
/// gain, or rank < 2), a scale that is not a positive finite number (a zero fan,
/// or a gain that is not positive) is an error, and so, from rank 2 up, are the
/// errors of [`Shape::fans`]: more than [`Shape::MAX_RANK`] dimensions
/// ([`InitError::RankTooHigh`], which candle allows) or a fan that overflows
/// `usize` ([`InitError::ShapeOverflow`]). The other Kaiming rows look at no fan
/// here: `from_hint(DEFAULT_KAIMING_NORMAL, &[5, 0])`, with a zero fan in, is
/// `Ok`, and the initializer reports a zero fan (in a non-empty tensor) or too
/// many dimensions when it fills.
///
/// # Example
/// ```
/// use nninit::{FanMode, Init, KaimingUniform, Nonlinearity, RandomUniform, Zeros};
/// use candle_nn::init::{FanInOut, NonLinearity, NormalOrUniform};
///
/// let rnn = candle_nn::init::DEFAULT_KAIMING_UNIFORM;
/// let relu = KaimingUniform::new(0.0, FanMode::FanIn, Nonlinearity::Relu)?;
/// assert_eq!(nninit::candle::from_hint(rnn, &[512, 128])?, Init::from(relu));
/// assert_eq!(nninit::candle::from_hint(candle_nn::Init::Const(0.0), &[8])?, Init::from(Zeros));
///
/// // An explicit gain has no nninit Nonlinearity: candle's σ, as a plain uniform.
/// let gain = candle_nn::Init::Kaiming {
///     dist: NormalOrUniform::Uniform,
///     fan: FanInOut::FanOut,
///     non_linearity: NonLinearity::ExplicitGain(0.5),
/// };
/// let b = 3f64.sqrt() * (0.5 / 16f64.sqrt());
/// assert_eq!(nninit::candle::from_hint(gain, &[16, 3])?, Init::from(RandomUniform::new(-b, b)?));
/// # Ok::<(), nninit::InitError>(())
/// ```
pub fn from_hint(hint: candle_nn::Init, dims: &[usize]) -> Result<Init, InitError> {
    Ok(match hint {
        // Float patterns compare as `==` does: `-0.0` is `Zeros` too, as in candle.
        candle_nn::Init::Const(0.0) => Zeros.into(),
        candle_nn::Init::Const(1.0) => Ones.into(),
        candle_nn::Init::Const(v) => crate::Constant::new(v)?.into(),
        candle_nn::Init::Randn { mean, stdev } => RandomNormal::new(mean, stdev)?.into(),
        candle_nn::Init::Uniform { lo, up } => RandomUniform::new(lo, up)?.into(),
        candle_nn::Init::Kaiming {
            dist,
            fan,
            non_linearity,
        } => kaiming(dist, fan, non_linearity, dims)?,
    })
}

/// candle's `Init::Kaiming` as nninit's Kaiming initializers, or, where those
/// cannot express it, as the plain distribution with candle's scale.
fn kaiming(
    dist: NormalOrUniform,
    fan: FanInOut,
    non_linearity: NonLinearity,
    dims: &[usize],
) -> Result<Init, InitError> {
    let mode = match fan {
        FanInOut::FanIn => FanMode::FanIn,
        FanInOut::FanOut => FanMode::FanOut,
    };
    let named = match non_linearity {
        NonLinearity::ReLU => Some(Nonlinearity::Relu),
        NonLinearity::Linear => Some(Nonlinearity::Linear),
        NonLinearity::Sigmoid => Some(Nonlinearity::Sigmoid),
        NonLinearity::Tanh => Some(Nonlinearity::Tanh),
        NonLinearity::SELU => Some(Nonlinearity::Selu),
        NonLinearity::ExplicitGain(_) => None,
    };
    if let Some(nonlinearity) = named.filter(|_| dims.len() >= 2) {
        return Ok(match dist {
            NormalOrUniform::Normal => KaimingNormal::new(0.0, mode, nonlinearity)?.into(),
            NormalOrUniform::Uniform => KaimingUniform::new(0.0, mode, nonlinearity)?.into(),
        });
    }
    // From rank 2 up, candle's fans are nninit's (`Shape::fans`), which checks
    // the products candle's `for_shape` takes unchecked; below rank 2,
    // `for_shape` multiplies nothing.
    #[allow(clippy::cast_precision_loss)] // as candle computes it; fans above 2^53 do not occur
    let fan = if dims.len() >= 2 {
        Shape::from_torch(dims).fans()?.get(mode)
    } else {
        fan.for_shape(&candle_core::Shape::from_dims(dims)) as f64
    };
    let std = non_linearity.gain() / fan.sqrt();
    Ok(match dist {
        NormalOrUniform::Normal => RandomNormal::new(0.0, std)?.into(),
        NormalOrUniform::Uniform => {
            let bound = 3f64.sqrt() * std;
            RandomUniform::new(-bound, bound)?.into()
        }
    })
}

/// A new variable of `dtype` on `device`, filled by `init` under `key`.
fn new_var(
    init: &Init,
    shape: &Shape,
    key: u64,
    dtype: DType,
    device: &Device,
) -> candle_core::Result<Var> {
    match dtype {
        DType::F32 => filled::<f32>(init, shape, key, device),
        DType::F64 => filled::<f64>(init, shape, key, device),
        #[cfg(feature = "half")]
        DType::F16 => filled::<half::f16>(init, shape, key, device),
        #[cfg(feature = "half")]
        DType::BF16 => filled::<half::bf16>(init, shape, key, device),
        _ => Err(unsupported(dtype)),
    }
}

/// Whether nninit fills variables of `dtype`: `F32`, `F64`, and with the `half`
/// feature `F16` and `BF16`.
fn supported(dtype: DType) -> bool {
    matches!(dtype, DType::F32 | DType::F64)
        || (cfg!(feature = "half") && matches!(dtype, DType::F16 | DType::BF16))
}

/// The error for a `dtype` nninit does not fill.
fn unsupported(dtype: DType) -> candle_core::Error {
    let message = if !cfg!(feature = "half") && matches!(dtype, DType::F16 | DType::BF16) {
        format!(
            "nninit fills {dtype:?} only with its `half` feature; enable it, or ask for F32 or F64"
        )
    } else if cfg!(feature = "half") {
        format!("nninit fills only float variables, not {dtype:?}; ask for F32, F64, F16 or BF16")
    } else {
        format!(
            "nninit fills only float variables, not {dtype:?}; ask for F32 or F64 \
             (or F16 and BF16 with nninit's `half` feature)"
        )
    };
    candle_core::Error::msg(message)
}

fn filled<T: Real + WithDType>(
    init: &Init,
    shape: &Shape,
    key: u64,
    device: &Device,
) -> candle_core::Result<Var> {
    let values: Vec<T> = init.fill_new(shape, key)?;
    Var::from_vec(values, shape.dims(), device)
}

#[cfg(test)]
mod tests;
