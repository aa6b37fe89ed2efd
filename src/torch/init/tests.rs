use super::*;
use crate::{Constant, Dirac, Identity, Orthogonal, RandomNormal, TruncatedNormal};

#[test]
fn unsupported_initializers_are_typed_errors() {
    let shape = Shape::from_torch(&[8, 8]);
    let mut w = vec![0.0f32; 64];
    let mut g = Generator::manual_seed(0);
    let fresh = g.clone();
    for init in [
        Init::from(Orthogonal::default()),
        Init::from(crate::GlorotUniform),
        Init::from(crate::HeNormal),
        Init::from(Identity::new(2.0).unwrap()),
        Init::from(crate::KaimingUniform::default().with_mode(FanMode::FanAvg)),
        Init::from(crate::KaimingNormal::default().with_nonlinearity(Nonlinearity::Gelu)),
    ] {
        let err = g.fill(&init, &mut w, &shape).unwrap_err();
        assert!(
            matches!(
                err,
                InitError::NotReproducible {
                    framework: "PyTorch",
                    ..
                }
            ),
            "{init}: {err}"
        );
    }
    assert_eq!(g, fresh);
    assert!(w.iter().all(|&x| x == 0.0));
}

#[test]
fn shape_must_be_pytorchs() {
    let mut w = vec![0.0f32; 12];
    let mut g = Generator::manual_seed(0);
    let init = Init::from(crate::XavierUniform::default());
    for shape in [Shape::dense(3, 4), Shape::from_torch(&[6, 2]).fused(2)] {
        assert!(matches!(
            g.fill(&init, &mut w, &shape),
            Err(InitError::UnsupportedShape { .. })
        ));
    }
    assert!(matches!(
        g.fill(&init, &mut w, &Shape::from_torch(&[12])),
        Err(InitError::RankTooLow { .. })
    ));
    assert!(matches!(
        g.fill(&init, &mut w, &Shape::from_torch(&[3, 5])),
        Err(InitError::LengthMismatch { .. })
    ));
}

#[test]
fn deterministic_initializers_draw_nothing() {
    let mut g = Generator::manual_seed(1);
    let fresh = g.clone();
    let mut eye = vec![5.0f64; 6];
    g.fill(
        &Identity::default().into(),
        &mut eye,
        &Shape::from_torch(&[2, 3]),
    )
    .unwrap();
    assert_eq!(eye, [1.0, 0.0, 0.0, 0.0, 1.0, 0.0]);
    let mut dirac = vec![5.0f32; 2 * 2 * 3];
    g.fill(
        &Dirac::default().into(),
        &mut dirac,
        &Shape::from_torch(&[2, 2, 3]),
    )
    .unwrap();
    assert_eq!(dirac.iter().filter(|&&x| x == 1.0).count(), 2);
    g.fill(
        &Constant::new(0.25).unwrap().into(),
        &mut eye,
        &Shape::from_torch(&[6]),
    )
    .unwrap();
    assert_eq!(eye, [0.25; 6]);
    assert_eq!(g, fresh);
}

/// `kaiming_*_` on an empty tensor returns before computing fans, drawing
/// nothing; an empty `normal_` draws nothing either.
#[test]
fn empty_tensors() {
    let mut g = Generator::manual_seed(2);
    let fresh = g.clone();
    let mut w: Vec<f32> = Vec::new();
    g.fill(
        &crate::KaimingUniform::default().into(),
        &mut w,
        &Shape::from_torch(&[0, 5]),
    )
    .unwrap();
    g.fill(
        &RandomNormal::new(0.0, 1.0).unwrap().into(),
        &mut w,
        &Shape::from_torch(&[0]),
    )
    .unwrap();
    assert_eq!(g, fresh);
}

#[test]
fn trunc_normal_stays_inside_and_rejects_empty_mass() {
    let mut g = Generator::manual_seed(3);
    let mut long = vec![0.0f64; 5000];
    g.trunc_normal_(&mut long, 1.0, 2.0, 0.5, 1.5).unwrap();
    assert!(long.iter().all(|x| (0.5..=1.5).contains(x)));
    // A short tensor redraws through the scalar path.
    let mut short = [0.0f32; 3];
    g.trunc_normal_(&mut short, 0.0, 1.0, 1.0, 3.0).unwrap();
    assert!(short.iter().all(|x| (1.0..=3.0).contains(x)));
    let fresh = g.clone();
    assert!(matches!(
        g.trunc_normal_(&mut long, 0.0, 1.0, 6.0, 7.0),
        Err(InitError::NotReproducible { .. })
    ));
    assert!(matches!(
        g.trunc_normal_(&mut long, 0.0, 1.0, 1.0, 1.0),
        Err(InitError::EmptyTruncation { .. })
    ));
    assert_eq!(g, fresh);
    // The same call through `fill`.
    let init = TruncatedNormal::torch(1.0, 2.0, 0.5, 1.5).unwrap();
    let mut filled = vec![0.0f32; 100];
    let mut direct = vec![0.0f32; 100];
    Generator::manual_seed(4)
        .fill(&init.into(), &mut filled, &Shape::from_torch(&[10, 10]))
        .unwrap();
    Generator::manual_seed(4)
        .trunc_normal_(&mut direct, 1.0, 2.0, 0.5, 1.5)
        .unwrap();
    assert_eq!(filled, direct);
}
