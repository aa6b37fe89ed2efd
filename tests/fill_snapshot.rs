//! Exact outputs of the fill path, pinned when the straightforward scalar fill loop
//! was the only one: every faster path (SIMD, threads, fresh buffers) must keep
//! these bits.

use nninit::{Init, Initializer, Real, Shape, TruncatedNormal};

/// FNV-1a over the little-endian bytes of every value's bits.
fn fnv(words: impl Iterator<Item = u64>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in words {
        for b in w.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Every random element-wise initializer of the table with its defaults, and
/// PyTorch's truncated normal beside Keras's. (`VarianceScaling`'s defaults are
/// `LecunNormal`, and its lines are `LecunNormal`'s.)
fn inits<T: Real>() -> Vec<(&'static str, Box<dyn Initializer<T>>)> {
    let mut all: Vec<(&'static str, Box<dyn Initializer<T>>)> = Vec::new();
    for init in Init::defaults().filter(|i| !i.is_structured() && !i.is_constant()) {
        all.push((init.type_name(), Box::new(init)));
        if matches!(init, Init::TruncatedNormal(_)) {
            all.push((
                "TruncatedNormal::torch",
                Box::new(TruncatedNormal::torch(0.1, 1.0, -1.5, 2.5).unwrap()),
            ));
        }
    }
    all
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape::dense(1, 1),
        Shape::dense(100, 50),
        Shape::from_torch(&[64, 3, 3, 3]),
    ]
}

const KEYS: [u64; 2] = [42, 0xDEAD_BEEF_0123_4567];

/// One line per (initializer, shape, key): the hash of every value's bits and the
/// bits of the first value.
fn snapshot<T: Real>(bits: impl Fn(T) -> u64) -> Vec<String> {
    let mut lines = Vec::new();
    for (name, init) in inits::<T>() {
        for shape in shapes() {
            for key in KEYS {
                let mut w = vec![T::zero(); shape.len()];
                init.fill_keyed(&mut w, &shape, key).unwrap();
                let h = fnv(w.iter().map(|&x| bits(x)));
                lines.push(format!(
                    "{name} {shape} {key:#x} {h:016x} {:016x}",
                    bits(w[0])
                ));
            }
        }
    }
    lines
}

fn check(got: &[String], want: &str) {
    let want: Vec<&str> = want
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if std::env::var_os("NNINIT_PRINT_SNAPSHOT").is_some() {
        println!("{}", got.join("\n"));
    }
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g, w);
    }
}

#[test]
fn f32_fills_keep_their_bits() {
    check(&snapshot::<f32>(|x| u64::from(x.to_bits())), F32);
}

#[test]
fn f64_fills_keep_their_bits() {
    check(&snapshot::<f64>(f64::to_bits), F64);
}

const F32: &str = "
RandomUniform [1, 1] in Keras layout 0x2a 343761f17d086af6 00000000bd3106ab
RandomUniform [1, 1] in Keras layout 0xdeadbeef01234567 aa8534aaf5cc6532 000000003c721f9c
RandomUniform [100, 50] in Keras layout 0x2a 84662c137ebe9c4e 00000000bd3106ab
RandomUniform [100, 50] in Keras layout 0xdeadbeef01234567 a8cc29fa2d2d79eb 000000003c721f9c
RandomUniform [64, 3, 3, 3] in PyTorch layout 0x2a 0c465f0ea2a12f28 00000000bd3106ab
RandomUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 3b2ff79c30fa6cc2 000000003c721f9c
RandomNormal [1, 1] in Keras layout 0x2a a07bbe8dab276e3d 00000000bd98d04b
RandomNormal [1, 1] in Keras layout 0xdeadbeef01234567 d897b7e2b1b82a62 000000003d56388a
RandomNormal [100, 50] in Keras layout 0x2a f8bed8e4630b4f43 00000000bd98d04b
RandomNormal [100, 50] in Keras layout 0xdeadbeef01234567 f2e3d8db6c259f6e 000000003d56388a
RandomNormal [64, 3, 3, 3] in PyTorch layout 0x2a 847be3b2b3048621 00000000bd98d04b
RandomNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 3b23277d5ccc3e42 000000003d56388a
TruncatedNormal [1, 1] in Keras layout 0x2a 64955a98df028dd6 00000000bd8ae773
TruncatedNormal [1, 1] in Keras layout 0xdeadbeef01234567 3c567f4a9c5ff0f8 000000003c93fb5f
TruncatedNormal [100, 50] in Keras layout 0x2a 00ff155ca6498a0b 00000000bd8ae773
TruncatedNormal [100, 50] in Keras layout 0xdeadbeef01234567 808337152816acc0 000000003c93fb5f
TruncatedNormal [64, 3, 3, 3] in PyTorch layout 0x2a 64085fadd14d3eb0 00000000bd8ae773
TruncatedNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 fd5d8e53294b4345 000000003c93fb5f
TruncatedNormal::torch [1, 1] in Keras layout 0x2a deea8373fc553082 000000003fc81076
TruncatedNormal::torch [1, 1] in Keras layout 0xdeadbeef01234567 09a226d5e1c60b40 00000000be457278
TruncatedNormal::torch [100, 50] in Keras layout 0x2a 02a9f6b38af71b2f 000000003fc81076
TruncatedNormal::torch [100, 50] in Keras layout 0xdeadbeef01234567 6e32802200393891 00000000be457278
TruncatedNormal::torch [64, 3, 3, 3] in PyTorch layout 0x2a 5d98b30006770c34 000000003fc81076
TruncatedNormal::torch [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 33c05f44ce2adb69 00000000be457278
VarianceScaling [1, 1] in Keras layout 0x2a 25c53370bdb54f5d 00000000bfc56414
VarianceScaling [1, 1] in Keras layout 0xdeadbeef01234567 8fcfad9fea3e60c9 000000003ed24a82
VarianceScaling [100, 50] in Keras layout 0x2a 800e1574c51cebad 00000000be1de9a9
VarianceScaling [100, 50] in Keras layout 0xdeadbeef01234567 32bca652e4dcb6b0 000000003d283b9b
VarianceScaling [64, 3, 3, 3] in PyTorch layout 0x2a cb1e7fd4a82883ed 00000000be97f39d
VarianceScaling [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 c8c78049425d99d4 000000003da1e1d3
GlorotUniform [1, 1] in Keras layout 0x2a cd5a1c0c73ad4b8f 00000000bfbfa2e6
GlorotUniform [1, 1] in Keras layout 0xdeadbeef01234567 8118235dbb28d632 000000003f030d9a
GlorotUniform [100, 50] in Keras layout 0x2a e295451dc0de16e2 00000000be3106ab
GlorotUniform [100, 50] in Keras layout 0xdeadbeef01234567 3442007154b000d5 000000003d721f9c
GlorotUniform [64, 3, 3, 3] in PyTorch layout 0x2a 7799e73a56e724bd 00000000bdb095cc
GlorotUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 ee9a8d62a3961c19 000000003cf18538
GlorotNormal [1, 1] in Keras layout 0x2a 25c53370bdb54f5d 00000000bfc56414
GlorotNormal [1, 1] in Keras layout 0xdeadbeef01234567 8fcfad9fea3e60c9 000000003ed24a82
GlorotNormal [100, 50] in Keras layout 0x2a 2ef5a9cb24c9384c 00000000be365789
GlorotNormal [100, 50] in Keras layout 0xdeadbeef01234567 f6b362a52c38643a 000000003d424230
GlorotNormal [64, 3, 3, 3] in PyTorch layout 0x2a 32dd22cddf491db8 00000000bdb5e346
GlorotNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 c55fe6498360faef 000000003cc1c654
HeUniform [1, 1] in Keras layout 0x2a 1f1606b769d05e53 00000000c00781e2
HeUniform [1, 1] in Keras layout 0xdeadbeef01234567 f5624358f855602b 000000003f395650
HeUniform [100, 50] in Keras layout 0x2a f5a32ee922e3cb14 00000000be58cfce
HeUniform [100, 50] in Keras layout 0xdeadbeef01234567 a1a0cf7b092b2925 000000003d94450e
HeUniform [64, 3, 3, 3] in PyTorch layout 0x2a b43dabae0f78ce47 00000000bed0a090
HeUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 9902a29ef05c35e0 000000003e0eac2e
HeNormal [1, 1] in Keras layout 0x2a 39ab4bb5b91f13a8 00000000c00b9393
HeNormal [1, 1] in Keras layout 0xdeadbeef01234567 2ba48debbc508bdd 000000003f14b2bf
HeNormal [100, 50] in Keras layout 0x2a 33b67395fa636fdb 00000000be5f5286
HeNormal [100, 50] in Keras layout 0xdeadbeef01234567 732a05e102f14046 000000003d6deacc
HeNormal [64, 3, 3, 3] in PyTorch layout 0x2a be44e4c8f9710214 00000000bed6e45c
HeNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 d535613fd5de606c 000000003de4ef97
LecunUniform [1, 1] in Keras layout 0x2a cd5a1c0c73ad4b8f 00000000bfbfa2e6
LecunUniform [1, 1] in Keras layout 0xdeadbeef01234567 8118235dbb28d632 000000003f030d9a
LecunUniform [100, 50] in Keras layout 0x2a f4923b0a0344c501 00000000be194f1e
LecunUniform [100, 50] in Keras layout 0xdeadbeef01234567 6729db6cdcb8e277 000000003d51af60
LecunUniform [64, 3, 3, 3] in PyTorch layout 0x2a 55a9f97eb2450100 00000000be93858f
LecunUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 2922ca6e0c0b47ae 000000003dc9c500
LecunNormal [1, 1] in Keras layout 0x2a 25c53370bdb54f5d 00000000bfc56414
LecunNormal [1, 1] in Keras layout 0xdeadbeef01234567 8fcfad9fea3e60c9 000000003ed24a82
LecunNormal [100, 50] in Keras layout 0x2a 800e1574c51cebad 00000000be1de9a9
LecunNormal [100, 50] in Keras layout 0xdeadbeef01234567 32bca652e4dcb6b0 000000003d283b9b
LecunNormal [64, 3, 3, 3] in PyTorch layout 0x2a cb1e7fd4a82883ed 00000000be97f39d
LecunNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 c8c78049425d99d4 000000003da1e1d3
XavierUniform [1, 1] in Keras layout 0x2a cd5a1c0c73ad4b8f 00000000bfbfa2e6
XavierUniform [1, 1] in Keras layout 0xdeadbeef01234567 8118235dbb28d632 000000003f030d9a
XavierUniform [100, 50] in Keras layout 0x2a e295451dc0de16e2 00000000be3106ab
XavierUniform [100, 50] in Keras layout 0xdeadbeef01234567 3442007154b000d5 000000003d721f9c
XavierUniform [64, 3, 3, 3] in PyTorch layout 0x2a 7799e73a56e724bd 00000000bdb095cc
XavierUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 ee9a8d62a3961c19 000000003cf18538
XavierNormal [1, 1] in Keras layout 0x2a 9efbb1070470209d 00000000bfbf045e
XavierNormal [1, 1] in Keras layout 0xdeadbeef01234567 43ed97c6144b217a 000000003f85e356
XavierNormal [100, 50] in Keras layout 0x2a b56211aff731f4d8 00000000be307439
XavierNormal [100, 50] in Keras layout 0xdeadbeef01234567 052070446b8022d4 000000003df75c66
XavierNormal [64, 3, 3, 3] in PyTorch layout 0x2a d321b3ba3bc3f1d2 00000000bdb003b7
XavierNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 65c62936e00ad2d3 000000003d76beae
KaimingUniform [1, 1] in Keras layout 0x2a 1f1606b769d05e53 00000000c00781e2
KaimingUniform [1, 1] in Keras layout 0xdeadbeef01234567 f5624358f855602b 000000003f395650
KaimingUniform [100, 50] in Keras layout 0x2a f5a32ee922e3cb14 00000000be58cfce
KaimingUniform [100, 50] in Keras layout 0xdeadbeef01234567 a1a0cf7b092b2925 000000003d94450e
KaimingUniform [64, 3, 3, 3] in PyTorch layout 0x2a b43dabae0f78ce47 00000000bed0a090
KaimingUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 9902a29ef05c35e0 000000003e0eac2e
KaimingNormal [1, 1] in Keras layout 0x2a 2c43a50cb9f5dced 00000000c00711c8
KaimingNormal [1, 1] in Keras layout 0xdeadbeef01234567 34742eda1f99ba10 000000003fbd58a5
KaimingNormal [100, 50] in Keras layout 0x2a 1e6802773b613a0b 00000000be581c74
KaimingNormal [100, 50] in Keras layout 0xdeadbeef01234567 a0a7ba5549700a86 000000003e177a1e
KaimingNormal [64, 3, 3, 3] in PyTorch layout 0x2a f48bb4bd0af99153 00000000becff3fb
KaimingNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 705671a5431fcc34 000000003e91c243
TorchDefault [1, 1] in Keras layout 0x2a 3a9588adb4c9de7f 00000000bf5d4856
TorchDefault [1, 1] in Keras layout 0xdeadbeef01234567 e812f5c0d84621e5 000000003e9753c0
TorchDefault [100, 50] in Keras layout 0x2a 76c31f3532462e3b 00000000bdb106ab
TorchDefault [100, 50] in Keras layout 0xdeadbeef01234567 cc271580c0abbbee 000000003cf21f9c
TorchDefault [64, 3, 3, 3] in PyTorch layout 0x2a 5105c6ac1bf7ba91 00000000be2a57e9
TorchDefault [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 db6d1b7d19031260 000000003d68fbc0
";

const F64: &str = "
RandomUniform [1, 1] in Keras layout 0x2a f2e91a3bd9355968 bfa620d54642c7da
RandomUniform [1, 1] in Keras layout 0xdeadbeef01234567 d607cc64839f418f 3f8e43f34b6260a0
RandomUniform [100, 50] in Keras layout 0x2a b5b806abf1c46a76 bfa620d54642c7da
RandomUniform [100, 50] in Keras layout 0xdeadbeef01234567 77bf8e048674d485 3f8e43f34b6260a0
RandomUniform [64, 3, 3, 3] in PyTorch layout 0x2a 6f21db7bf570dc7e bfa620d54642c7da
RandomUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 05207590165c6155 3f8e43f34b6260a0
RandomNormal [1, 1] in Keras layout 0x2a c7d33ed7c4a814ed bfb31a096bee92c0
RandomNormal [1, 1] in Keras layout 0xdeadbeef01234567 76791550b69b29f8 3faac7117405f560
RandomNormal [100, 50] in Keras layout 0x2a 1242317ca816930d bfb31a096bee92c0
RandomNormal [100, 50] in Keras layout 0xdeadbeef01234567 0b039ff5420e63cc 3faac7117405f560
RandomNormal [64, 3, 3, 3] in PyTorch layout 0x2a f929e8d046422aaa bfb31a096bee92c0
RandomNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 ab79bdf6514cc53c 3faac7117405f560
TruncatedNormal [1, 1] in Keras layout 0x2a b6fa3dea3cbf05dc bfb15cee5891ff87
TruncatedNormal [1, 1] in Keras layout 0xdeadbeef01234567 0de3423a2b120558 3f927f6b868ac4a0
TruncatedNormal [100, 50] in Keras layout 0x2a a0a5348d2b080e44 bfb15cee5891ff87
TruncatedNormal [100, 50] in Keras layout 0xdeadbeef01234567 d6912e37e6daf5d5 3f927f6b868ac4a0
TruncatedNormal [64, 3, 3, 3] in PyTorch layout 0x2a 30bc839180424fe2 bfb15cee5891ff87
TruncatedNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 8d16799a196e83ae 3f927f6b868ac4a0
TruncatedNormal::torch [1, 1] in Keras layout 0x2a ac18d2f5906e51df 3ff9020e6f1d7052
TruncatedNormal::torch [1, 1] in Keras layout 0xdeadbeef01234567 c4722e5dbf4318aa bfc8ae4d3dd5689f
TruncatedNormal::torch [100, 50] in Keras layout 0x2a a41a6373ef84f203 3ff9020e6f1d7052
TruncatedNormal::torch [100, 50] in Keras layout 0xdeadbeef01234567 2badfcd4882f5cd2 bfc8ae4d3dd5689f
TruncatedNormal::torch [64, 3, 3, 3] in PyTorch layout 0x2a 0c7667deb28e852f 3ff9020e6f1d7052
TruncatedNormal::torch [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 675063010eea5da8 bfc8ae4d3dd5689f
VarianceScaling [1, 1] in Keras layout 0x2a a47285ef539aaf35 bff8ac826b30eb7b
VarianceScaling [1, 1] in Keras layout 0xdeadbeef01234567 0dbdd771b1d45346 3fda494fbac9290c
VarianceScaling [100, 50] in Keras layout 0x2a ede26ee19db84ab0 bfc3bd35228d892f
VarianceScaling [100, 50] in Keras layout 0xdeadbeef01234567 fb0617adb93b21ac 3fa50772fbd420d6
VarianceScaling [64, 3, 3, 3] in PyTorch layout 0x2a d602f34942dc0dc3 bfd2fe73847b7d02
VarianceScaling [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 2d67af4e30bbb600 3fb43c39f30abdc2
GlorotUniform [1, 1] in Keras layout 0x2a f011e0f2dbee3529 bff7f45c99a83451
GlorotUniform [1, 1] in Keras layout 0xdeadbeef01234567 cc5ee25344dc4cf0 3fe061b37ed8aad0
GlorotUniform [100, 50] in Keras layout 0x2a 133d5ea2576d959d bfc620d54642c7da
GlorotUniform [100, 50] in Keras layout 0xdeadbeef01234567 205ac524eb4493e2 3fae43f34b6260a0
GlorotUniform [64, 3, 3, 3] in PyTorch layout 0x2a bb2617941a07615d bfb612b9520a341d
GlorotUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 25a406a7741ef3de 3f9e30a71fc9c568
GlorotNormal [1, 1] in Keras layout 0x2a a47285ef539aaf35 bff8ac826b30eb7b
GlorotNormal [1, 1] in Keras layout 0xdeadbeef01234567 0dbdd771b1d45346 3fda494fbac9290c
GlorotNormal [100, 50] in Keras layout 0x2a 6e5cd81c26833e5f bfc6caf10560fc6a
GlorotNormal [100, 50] in Keras layout 0xdeadbeef01234567 496374c78bd35fc4 3fa848458a0ce3b6
GlorotNormal [64, 3, 3, 3] in PyTorch layout 0x2a 457f9f7cba4e4a52 bfb6bc689aae5a27
GlorotNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 6f18d7cbbcf8f944 3f9838c9fb89c5b2
HeUniform [1, 1] in Keras layout 0x2a 42f9b238baea0aa8 c000f03c0be74968
HeUniform [1, 1] in Keras layout 0xdeadbeef01234567 1ee7ac3f4828924c 3fe72ac9ff1c032c
HeUniform [100, 50] in Keras layout 0x2a efdd50273b626eb9 bfcb19f9aca54241
HeUniform [100, 50] in Keras layout 0xdeadbeef01234567 c07534ee9f2c9a53 3fb288a198e335bc
HeUniform [64, 3, 3, 3] in PyTorch layout 0x2a 99576cae09f49912 bfda1411e0c77ece
HeUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 80fee3a7a6d8515a 3fc1d586069ef58c
HeNormal [1, 1] in Keras layout 0x2a a7b735608b5dcf88 c001727258958237
HeNormal [1, 1] in Keras layout 0xdeadbeef01234567 1698ddb59467d92c 3fe296577d3c167e
HeNormal [100, 50] in Keras layout 0x2a 3ffd44019ef6c544 bfcbea508dbc038a
HeNormal [100, 50] in Keras layout 0xdeadbeef01234567 42146635adc25179 3fadbd58c86023fb
HeNormal [64, 3, 3, 3] in PyTorch layout 0x2a 8d2ae10027bf4e41 bfdadc8b63b88628
HeNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 e3729f9afd9bff58 3fbc9df2460a4b78
LecunUniform [1, 1] in Keras layout 0x2a f011e0f2dbee3529 bff7f45c99a83451
LecunUniform [1, 1] in Keras layout 0xdeadbeef01234567 cc5ee25344dc4cf0 3fe061b37ed8aad0
LecunUniform [100, 50] in Keras layout 0x2a b9e8c1527ce7ead3 bfc329e3ae2029db
LecunUniform [100, 50] in Keras layout 0xdeadbeef01234567 a14be3bd10957880 3faa35ebfe2777b4
LecunUniform [64, 3, 3, 3] in PyTorch layout 0x2a 808a349c0e4af837 bfd270b1ba8cfbe0
LecunUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 1c979532be639459 3fb938a014275084
LecunNormal [1, 1] in Keras layout 0x2a a47285ef539aaf35 bff8ac826b30eb7b
LecunNormal [1, 1] in Keras layout 0xdeadbeef01234567 0dbdd771b1d45346 3fda494fbac9290c
LecunNormal [100, 50] in Keras layout 0x2a ede26ee19db84ab0 bfc3bd35228d892f
LecunNormal [100, 50] in Keras layout 0xdeadbeef01234567 fb0617adb93b21ac 3fa50772fbd420d6
LecunNormal [64, 3, 3, 3] in PyTorch layout 0x2a d602f34942dc0dc3 bfd2fe73847b7d02
LecunNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 2d67af4e30bbb600 3fb43c39f30abdc2
XavierUniform [1, 1] in Keras layout 0x2a f011e0f2dbee3529 bff7f45c99a83451
XavierUniform [1, 1] in Keras layout 0xdeadbeef01234567 cc5ee25344dc4cf0 3fe061b37ed8aad0
XavierUniform [100, 50] in Keras layout 0x2a 133d5ea2576d959d bfc620d54642c7da
XavierUniform [100, 50] in Keras layout 0xdeadbeef01234567 205ac524eb4493e2 3fae43f34b6260a0
XavierUniform [64, 3, 3, 3] in PyTorch layout 0x2a bb2617941a07615d bfb612b9520a341d
XavierUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 25a406a7741ef3de 3f9e30a71fc9c568
XavierNormal [1, 1] in Keras layout 0x2a 7f84c07a7c544559 bff7e08bc6ea3770
XavierNormal [1, 1] in Keras layout 0xdeadbeef01234567 ba41d6a54c3334e2 3ff0bc6ae883b95c
XavierNormal [100, 50] in Keras layout 0x2a ef4c9945582604f6 bfc60e87337b67d3
XavierNormal [100, 50] in Keras layout 0xdeadbeef01234567 7df4e0e68c7e6afd 3fbeeb8d08b61c86
XavierNormal [64, 3, 3, 3] in PyTorch layout 0x2a 9f7fab1ae0be3747 bfb60076eb25e854
XavierNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 c5e346e404f1f17d 3faed7d5fffd0fd1
KaimingUniform [1, 1] in Keras layout 0x2a d0b04c3a6bf605dd c000f03c0be74969
KaimingUniform [1, 1] in Keras layout 0xdeadbeef01234567 1ee7ac3f4828924c 3fe72ac9ff1c032c
KaimingUniform [100, 50] in Keras layout 0x2a efdd50273b626eb9 bfcb19f9aca54241
KaimingUniform [100, 50] in Keras layout 0xdeadbeef01234567 c07534ee9f2c9a53 3fb288a198e335bc
KaimingUniform [64, 3, 3, 3] in PyTorch layout 0x2a 99576cae09f49912 bfda1411e0c77ece
KaimingUniform [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 80fee3a7a6d8515a 3fc1d586069ef58c
KaimingNormal [1, 1] in Keras layout 0x2a 99e4fcd405321fb8 c000e23904d06caa
KaimingNormal [1, 1] in Keras layout 0xdeadbeef01234567 95e18c3ce5ac9bfa 3ff7ab14dca03bd9
KaimingNormal [100, 50] in Keras layout 0x2a 59975ba719a3ae96 bfcb038e6e1a4776
KaimingNormal [100, 50] in Keras layout 0xdeadbeef01234567 0dc3c924954cf749 3fc2ef43e3b36314
KaimingNormal [64, 3, 3, 3] in PyTorch layout 0x2a 62c0c6f3e4c526da bfd9fe7f49a25b62
KaimingNormal [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 e883679601c0d85e 3fd2384879b10f75
TorchDefault [1, 1] in Keras layout 0x2a 97a2b04e937d375c bfeba90a97d379cf
TorchDefault [1, 1] in Keras layout 0xdeadbeef01234567 ade628e593d9819e 3fd2ea780f1d7c62
TorchDefault [100, 50] in Keras layout 0x2a be2ba41f6b21fbd1 bfb620d54642c7d9
TorchDefault [100, 50] in Keras layout 0xdeadbeef01234567 8b1fe750120f7c0d 3f9e43f34b62609c
TorchDefault [64, 3, 3, 3] in PyTorch layout 0x2a 3c5e406a19fcaa77 bfc54afcfa5ca048
TorchDefault [64, 3, 3, 3] in PyTorch layout 0xdeadbeef01234567 52dec8263a39c087 3fad1f77fdf2f6c8
";
