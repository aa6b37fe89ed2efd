//! `Dense`: a fully connected layer's description, and `Layer`: its parameters.

use crate::{GlorotUniform, LayerView, Real, Zeros};

use super::Activation;

/// A fully connected layer to add to a [`Sequential`](super::Sequential) model:
/// `a = f(x·W + b)` with the kernel `W` stored `[fan_in][units]` row-major, as
/// [`Shape::dense`](crate::Shape::dense) lays it out.
///
/// The kernel and bias initializers are any [`Initializer`](crate::Initializer);
/// the defaults are Keras's, [`GlorotUniform`] and [`Zeros`]. For a choice made at
/// run time, use [`Init`](crate::Init) or a `Box<dyn Initializer<T>>`.
///
/// ```
/// use nninit::nn::{Activation, Dense, Sequential};
/// use nninit::{HeUniform, Init, Initializer, RandomUniform};
///
/// let boxed: Box<dyn Initializer<f32>> = Box::new(HeUniform);
/// let mut model = Sequential::<f32>::new(8, 0);
/// model.push(Dense::new(4, Activation::Relu).kernel_initializer(boxed))?;
/// assert!(model.layers()[0].kernel().iter().any(|&w| w != 0.0));
///
/// let hidden = Dense::new(128, Activation::Relu).kernel_initializer(HeUniform);
/// assert_eq!(hidden.units(), 128);
/// let chosen: Init = RandomUniform::default().into();
/// let out = Dense::new(10, Activation::Softmax).kernel_initializer(chosen);
/// assert_eq!(out.activation(), Activation::Softmax);
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dense<K = GlorotUniform, B = Zeros> {
    pub(crate) units: usize,
    pub(crate) activation: Activation,
    pub(crate) kernel_initializer: K,
    pub(crate) bias_initializer: B,
}

impl Dense {
    /// A layer of `units` units with Keras's default initializers.
    ///
    /// ```
    /// let d = nninit::nn::Dense::new(3, nninit::nn::Activation::Tanh);
    /// assert_eq!(d.kernel_init(), &nninit::GlorotUniform);
    /// ```
    #[must_use]
    pub fn new(units: usize, activation: Activation) -> Self {
        Dense {
            units,
            activation,
            kernel_initializer: GlorotUniform,
            bias_initializer: Zeros,
        }
    }
}

impl<K, B> Dense<K, B> {
    /// The same layer with another kernel initializer.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense};
    /// let d = Dense::new(3, Activation::Relu).kernel_initializer(nninit::Zeros);
    /// assert_eq!(d.kernel_init(), &nninit::Zeros);
    /// ```
    #[must_use]
    pub fn kernel_initializer<K2>(self, kernel: K2) -> Dense<K2, B> {
        Dense {
            units: self.units,
            activation: self.activation,
            kernel_initializer: kernel,
            bias_initializer: self.bias_initializer,
        }
    }

    /// The same layer with another bias initializer.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense};
    /// let d = Dense::new(3, Activation::Relu).bias_initializer(nninit::Ones);
    /// assert_eq!(d.bias_init(), &nninit::Ones);
    /// ```
    #[must_use]
    pub fn bias_initializer<B2>(self, bias: B2) -> Dense<K, B2> {
        Dense {
            units: self.units,
            activation: self.activation,
            kernel_initializer: self.kernel_initializer,
            bias_initializer: bias,
        }
    }

    /// The number of units.
    ///
    /// ```
    /// assert_eq!(nninit::nn::Dense::new(7, Default::default()).units(), 7);
    /// ```
    #[must_use]
    pub fn units(&self) -> usize {
        self.units
    }

    /// The activation.
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense};
    /// assert_eq!(Dense::new(7, Activation::Sigmoid).activation(), Activation::Sigmoid);
    /// ```
    #[must_use]
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The kernel initializer (Flax's `Dense.kernel_init`; the kernel's weights,
    /// once the layer is in a model, are [`Layer::kernel`]).
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense};
    /// assert_eq!(Dense::new(2, Activation::Relu).kernel_init(), &nninit::GlorotUniform);
    /// ```
    #[must_use]
    pub fn kernel_init(&self) -> &K {
        &self.kernel_initializer
    }

    /// The bias initializer (Flax's `Dense.bias_init`; the bias's values, once
    /// the layer is in a model, are [`Layer::bias`]).
    ///
    /// ```
    /// use nninit::nn::{Activation, Dense};
    /// assert_eq!(Dense::new(2, Activation::Relu).bias_init(), &nninit::Zeros);
    /// ```
    #[must_use]
    pub fn bias_init(&self) -> &B {
        &self.bias_initializer
    }
}

/// A dense layer's parameters inside a model: the kernel `[fan_in][units]`
/// row-major, the bias, and the activation.
///
/// ```
/// use nninit::nn::{Activation, Dense, Sequential};
///
/// let mut model = Sequential::<f32>::new(4, 1);
/// model.push(Dense::new(3, Activation::Relu))?;
/// let layer = &model.layers()[0];
/// assert_eq!((layer.fan_in(), layer.units()), (4, 3));
/// assert_eq!(layer.kernel().len(), 12);
/// assert_eq!(layer.bias(), &[0.0; 3]);
/// # Ok::<(), nninit::nn::NnError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Layer<T> {
    pub(crate) fan_in: usize,
    pub(crate) units: usize,
    pub(crate) activation: Activation,
    pub(crate) kernel: Vec<T>,
    pub(crate) bias: Vec<T>,
}

impl<T: Real> Layer<T> {
    /// The number of inputs.
    ///
    /// ```
    /// # use nninit::nn::{Activation, Dense, Sequential};
    /// # let mut m = Sequential::<f64>::new(5, 0);
    /// # m.push(Dense::new(2, Activation::Linear))?;
    /// assert_eq!(m.layers()[0].fan_in(), 5);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn fan_in(&self) -> usize {
        self.fan_in
    }

    /// The number of units (outputs).
    ///
    /// ```
    /// # use nninit::nn::{Activation, Dense, Sequential};
    /// # let mut m = Sequential::<f64>::new(5, 0);
    /// # m.push(Dense::new(2, Activation::Linear))?;
    /// assert_eq!(m.layers()[0].units(), 2);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn units(&self) -> usize {
        self.units
    }

    /// The activation.
    ///
    /// ```
    /// # use nninit::nn::{Activation, Dense, Sequential};
    /// # let mut m = Sequential::<f64>::new(5, 0);
    /// # m.push(Dense::new(2, Activation::Tanh))?;
    /// assert_eq!(m.layers()[0].activation(), Activation::Tanh);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The kernel, `[fan_in][units]` row-major: unit `j`'s incoming weights are
    /// elements `j, j + units, j + 2·units, …`.
    ///
    /// ```
    /// # use nninit::nn::{Activation, Dense, Sequential};
    /// # let mut m = Sequential::<f64>::new(5, 0);
    /// # m.push(Dense::new(2, Activation::Linear))?;
    /// assert_eq!(m.layers()[0].kernel().len(), 10);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn kernel(&self) -> &[T] {
        &self.kernel
    }

    /// The kernel, to set weights by hand (its length cannot change).
    ///
    /// ```
    /// # use nninit::nn::{Activation, Dense, Sequential};
    /// # let mut m = Sequential::<f64>::new(1, 0);
    /// # m.push(Dense::new(1, Activation::Linear))?;
    /// m.layers_mut()[0].kernel_mut()[0] = 2.0;
    /// assert_eq!(m.predict(&[3.0])?, [6.0]);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn kernel_mut(&mut self) -> &mut [T] {
        &mut self.kernel
    }

    /// The bias.
    ///
    /// ```
    /// # use nninit::nn::{Activation, Dense, Sequential};
    /// # let mut m = Sequential::<f64>::new(5, 0);
    /// # m.push(Dense::new(2, Activation::Linear))?;
    /// assert_eq!(m.layers()[0].bias(), &[0.0, 0.0]);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn bias(&self) -> &[T] {
        &self.bias
    }

    /// The bias, to set by hand (its length cannot change).
    ///
    /// ```
    /// # use nninit::nn::{Activation, Dense, Sequential};
    /// # let mut m = Sequential::<f64>::new(1, 0);
    /// # m.push(Dense::new(1, Activation::Linear))?;
    /// m.layers_mut()[0].bias_mut()[0] = 0.5;
    /// assert_eq!(m.predict(&[3.0])?[0], 0.5 + 3.0 * m.layers()[0].kernel()[0]);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn bias_mut(&mut self) -> &mut [T] {
        &mut self.bias
    }

    /// This layer's parameters as [`check_network`](crate::check_network) reads
    /// them.
    ///
    /// ```
    /// # use nninit::nn::{Activation, Dense, Sequential};
    /// # let mut m = Sequential::<f32>::new(5, 0);
    /// # m.push(Dense::new(2, Activation::LeakyRelu { negative_slope: 0.3 }))?;
    /// let v = m.layers()[0].view();
    /// assert_eq!((v.fan_in, v.units), (5, 2));
    /// assert_eq!(v.activation, nninit::Nonlinearity::LeakyRelu);
    /// # Ok::<(), nninit::nn::NnError>(())
    /// ```
    #[must_use]
    pub fn view(&self) -> LayerView<'_, T> {
        LayerView::new(
            &self.kernel,
            &self.bias,
            self.fan_in,
            self.units,
            self.activation.nonlinearity(),
        )
    }
}
