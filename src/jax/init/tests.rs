use super::*;
use crate::{GlorotUniform, HeNormal, Orthogonal, XavierNormal};

#[test]
fn fans_are_jax_s_in_keras_layout() {
    assert_eq!(fans(&Shape::from_keras(&[784, 128])), Ok((784.0, 128.0)));
    assert_eq!(
        fans(&Shape::from_keras(&[3, 3, 16, 32])),
        Ok((144.0, 288.0))
    );
    assert!(matches!(
        fans(&Shape::from_keras(&[7])),
        Err(InitError::UnsupportedShape { .. })
    ));
    assert!(matches!(
        fans(&Shape::from_torch(&[128, 784])),
        Err(InitError::UnsupportedShape { .. })
    ));
    assert!(matches!(
        fans(&Shape::from_keras(&[0, 4])),
        Err(InitError::ZeroFan { .. })
    ));
}

#[test]
fn glorot_uniform_is_a_scaled_symmetric_uniform() {
    let shape = Shape::from_keras(&[784, 128]);
    let Ok(Recipe::Sample { sampler, factor }) = recipe(&GlorotUniform.into(), &shape) else {
        panic!("glorot_uniform samples");
    };
    assert_eq!(sampler, Sampler::Uniform(Uniform::new(-1.0, 1.0)));
    let variance = (1.0 / 456.0) as f32;
    assert_eq!(factor, Some((3.0 * variance).sqrt()));
}

#[test]
fn what_jax_cannot_reproduce_is_a_typed_error() {
    let shape = Shape::from_keras(&[4, 4]);
    for init in [
        Init::from(Orthogonal::default()),
        Init::from(XavierNormal::default()),
    ] {
        assert!(matches!(
            recipe(&init, &shape),
            Err(InitError::NotReproducible {
                framework: "JAX",
                ..
            })
        ));
    }
    let with_mean = crate::RandomNormal::new(1.0, 0.5).map(Init::from);
    assert!(matches!(
        with_mean.map(|i| recipe(&i, &shape)),
        Ok(Err(InitError::NotReproducible { .. }))
    ));
    assert!(recipe(&HeNormal.into(), &shape).is_ok());
    let message = recipe(&Orthogonal::default().into(), &shape)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(message.starts_with("orthogonal"), "{message}");
    assert!(
        message.contains("cannot be reproduced bit for bit as JAX computes it"),
        "{message}"
    );
    assert!(!message.ends_with('.'), "{message}");
}
