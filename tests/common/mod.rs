//! What the adapter tests (`ndarray`, `burn`, `candle`) share.

use nninit::{
    GlorotUniform, HeNormal, Init, Orthogonal, RandomUniform, Sparse, TruncatedNormal, Zeros,
};

/// Initializers of every kind an adapter must carry unchanged: variance scaling
/// (uniform, normal and truncated), a plain uniform, the structured QR and sparse
/// fills, and zeros.
pub fn inits() -> Vec<Init> {
    vec![
        GlorotUniform.into(),
        HeNormal.into(),
        TruncatedNormal::default().into(),
        RandomUniform::new(-1.0, 3.0).unwrap().into(),
        Orthogonal::default().into(),
        Sparse::default().into(),
        Zeros.into(),
    ]
}
