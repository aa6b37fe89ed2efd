//! `Workspace`: the buffers of one batch, allocated once and reused by every step.

use crate::Real;

use super::dense::Layer;

/// Buffers for one batch, allocated once and reused by every step.
#[derive(Clone, Debug, Default)]
pub(crate) struct Workspace<T> {
    pub(crate) rows: usize,
    pub(crate) widths: Vec<usize>,
    pub(crate) x: Vec<T>,
    pub(crate) y: Vec<T>,
    pub(crate) z: Vec<Vec<T>>,
    pub(crate) a: Vec<Vec<T>>,
    pub(crate) d: Vec<Vec<T>>,
    pub(crate) gw: Vec<Vec<T>>,
    pub(crate) gb: Vec<Vec<T>>,
}

impl<T: Real> Workspace<T> {
    /// Makes room for `rows` rows of the model's layers.
    pub(crate) fn ensure(&mut self, input: usize, layers: &[Layer<T>], rows: usize) {
        let same = self.widths.len() == layers.len()
            && self.widths.iter().zip(layers).all(|(&w, l)| w == l.units);
        if same && self.rows >= rows && self.x.len() >= rows * input {
            return;
        }
        let widths: Vec<usize> = layers.iter().map(|l| l.units).collect();
        let rows = rows.max(self.rows);
        let out = widths.last().copied().unwrap_or(0);
        let zeros = |n: usize| vec![T::zero(); n];
        self.x = zeros(rows * input);
        self.y = zeros(rows * out);
        self.z = widths.iter().map(|&w| zeros(rows * w)).collect();
        self.a = widths.iter().map(|&w| zeros(rows * w)).collect();
        self.d = widths.iter().map(|&w| zeros(rows * w)).collect();
        self.gw = layers.iter().map(|l| zeros(l.kernel.len())).collect();
        self.gb = layers.iter().map(|l| zeros(l.bias.len())).collect();
        self.rows = rows;
        self.widths = widths;
    }
}
