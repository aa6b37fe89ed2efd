//! Value stability: the exact bits of fixed keys, for every random initializer and
//! both element types.
//!
//! These pins are the crate's promise that the same key gives the same weights on
//! every platform and in every release. A failure here means the stream changed: if
//! that is deliberate, it is a **value-breaking** change and goes in the CHANGELOG.

use nninit::{
    GlorotNormal, GlorotUniform, HeNormal, HeUniform, Init, Initializer, KaimingNormal,
    KaimingUniform, LecunNormal, LecunUniform, RandomNormal, RandomUniform, Shape, TorchDefault,
    TruncatedNormal, VarianceScaling, XavierNormal, XavierUniform,
};

/// Every random initializer, with the name its pins are filed under.
fn initializers() -> Vec<(&'static str, Init)> {
    vec![
        ("RandomUniform", RandomUniform::default().into()),
        ("RandomNormal", RandomNormal::default().into()),
        ("TruncatedNormal", TruncatedNormal::default().into()),
        (
            "TruncatedNormal::torch",
            TruncatedNormal::torch(0.5, 2.0, -1.0, 4.0).unwrap().into(),
        ),
        ("VarianceScaling", VarianceScaling::default().into()),
        ("GlorotUniform", GlorotUniform.into()),
        ("GlorotNormal", GlorotNormal.into()),
        ("HeUniform", HeUniform.into()),
        ("HeNormal", HeNormal.into()),
        ("LecunUniform", LecunUniform.into()),
        ("LecunNormal", LecunNormal.into()),
        ("XavierUniform", XavierUniform::default().into()),
        ("XavierNormal", XavierNormal::default().into()),
        ("KaimingUniform", KaimingUniform::default().into()),
        ("KaimingNormal", KaimingNormal::default().into()),
        ("TorchDefault", TorchDefault.into()),
    ]
}

/// The positions pinned: the first four elements, and four across the boundary of
/// the first 1024-element chunk.
const POSITIONS: [usize; 8] = [0, 1, 2, 3, 1022, 1023, 1024, 1025];
const KEY: u64 = 0x005E_ED0F_AB1E;

fn shape() -> Shape {
    Shape::from_torch(&[48, 40])
}

fn bits_f32(init: &Init) -> Vec<u32> {
    let mut w = vec![0.0f32; shape().len()];
    init.fill_keyed(&mut w, &shape(), KEY).unwrap();
    POSITIONS.iter().map(|&i| w[i].to_bits()).collect()
}

fn bits_f64(init: &Init) -> Vec<u64> {
    let mut w = vec![0.0f64; shape().len()];
    init.fill_keyed(&mut w, &shape(), KEY).unwrap();
    POSITIONS.iter().map(|&i| w[i].to_bits()).collect()
}

/// Prints the pins in the form used below (`cargo test --test value_stability --
/// --ignored --nocapture print_pins`), for a deliberate, changelogged change.
#[test]
#[ignore = "prints the current pins"]
fn print_pins() {
    for (name, init) in initializers() {
        let f: Vec<String> = bits_f32(&init)
            .iter()
            .map(|b| format!("0x{b:08x}"))
            .collect();
        let d: Vec<String> = bits_f64(&init)
            .iter()
            .map(|b| format!("0x{b:016x}"))
            .collect();
        println!("(\"{name}\", [{}], [{}]),", f.join(", "), d.join(", "));
    }
}

#[test]
fn pinned_bits() {
    let pins = pins();
    let inits = initializers();
    assert_eq!(pins.len(), inits.len());
    for ((name, init), (pin_name, f32_bits, f64_bits)) in inits.iter().zip(pins) {
        assert_eq!(*name, pin_name);
        assert_eq!(bits_f32(init), f32_bits, "{name} f32");
        assert_eq!(bits_f64(init), f64_bits, "{name} f64");
    }
}

#[allow(
    clippy::type_complexity,
    clippy::unreadable_literal,
    clippy::too_many_lines
)] // one table
fn pins() -> Vec<(&'static str, [u32; 8], [u64; 8])> {
    vec![
        (
            "RandomUniform",
            [
                0xbccdf410, 0x3d143d7b, 0xbd2068cd, 0xbc9f7ad3, 0x3c2b4394, 0x3c836df2, 0x3d498321,
                0xb8e79a00,
            ],
            [
                0xbf99be81f431de94,
                0x3fa287af7b63224a,
                0xbfa40d1989ee12ed,
                0xbf93ef5a2be703a4,
                0x3fa6cde07c689076,
                0xbf95b7d5a3c3c0f4,
                0x3fa9306443ad0c16,
                0xbf1cf2f3e9c62c00,
            ],
        ),
        (
            "RandomNormal",
            [
                0xbd0b0b51, 0x3c90bb07, 0xbd7cf8bd, 0xbcd08c8b, 0x3d80a127, 0x3d4b4c4a, 0x3a83de2b,
                0xb911214a,
            ],
            [
                0xbfa1616a5982bfe3,
                0x3f921760e4f7a7dc,
                0xbfaf9f180395ef9a,
                0xbf9a11914dbc8eec,
                0x3f7c1ec340992062,
                0xbf9ca585801f0cf8,
                0x3f507bc6a92b9392,
                0xbf222421c2ddad91,
            ],
        ),
        (
            "TruncatedNormal",
            [
                0xbd03bcca, 0x3d504d5d, 0xbd6a6830, 0xbcc642c3, 0x3c4f109d, 0x3ca14d24, 0x3dbffa27,
                0xb90a85d0,
            ],
            [
                0xbfa077990c9e8587,
                0x3faa09ac17e4669a,
                0xbfad4d065d4f6534,
                0xbf98c858b0754d5b,
                0x3fb2700bfdf1a044,
                0xbf9b3599af1948d8,
                0x3fb7ff45549b5930,
                0xbf2150d2786e5c66,
            ],
        ),
        (
            "TruncatedNormal::torch",
            [
                0x4001d363, 0xbec873d2, 0x4036b2a7, 0x3fe19608, 0x3f155954, 0x3ec16b2e, 0xbf761074,
                0x3f79e6c6,
            ],
            [
                0x40003a6c7758b76c,
                0xbfd90e7b0c148ca0,
                0x4006d65547d19592,
                0x3ffc32c12bbf148f,
                0xbfe7ddd6f39cdfe0,
                0x3ffd76dd04a2a9b4,
                0xbfeec20ec9346944,
                0x3fef3cd904f72881,
            ],
        ),
        (
            "VarianceScaling",
            [
                0xbdecccc2, 0x3e3b3687, 0xbe52acc2, 0xbdb2302f, 0x3d3a19d8, 0x3d90f87c, 0x3eac8a6f,
                0xb9f8ff15,
            ],
            [
                0xbfbd9997ddae5c15,
                0x3fc766d138c22b61,
                0xbfca5598935f8780,
                0xbfb6460608f9854c,
                0x3fd0922c6ab7c1b2,
                0xbfb874612fe87ec0,
                0x3fd5914e36c062bf,
                0xbf3f200e8a56aa6c,
            ],
        ),
        (
            "GlorotUniform",
            [
                0xbe0671ce, 0x3e418a2c, 0xbe516d7b, 0xbdd036c8, 0x3d5f9968, 0x3dab978c, 0x3e838b9f,
                0xba173000,
            ],
            [
                0xbfc0ce39b723f773,
                0x3fc83145b98d22f2,
                0xbfca2daf4f75f1de,
                0xbfba06d8d21b9708,
                0x3fcdc5d4569d5720,
                0xbfbc5ad27cedbfa0,
                0x3fd07174117a2ee7,
                0xbf42e5ce09ac5e00,
            ],
        ),
        (
            "GlorotNormal",
            [
                0xbde1c79f, 0x3e328026, 0xbe48dede, 0xbda9e552, 0x3d3170b7, 0x3d8a395e, 0x3ea482db,
                0xb9ed68a4,
            ],
            [
                0xbfbc38f39fd8fe3e,
                0x3fc65005286e0500,
                0xbfc91bdc0d36544b,
                0xbfb53caa898acf01,
                0x3fcf9981e93c2127,
                0xbfb75109abdbf1e9,
                0x3fd4905bb6ec0fc3,
                0xbf3dad3e7b1ffe29,
            ],
        ),
        (
            "HeUniform",
            [
                0xbe4769db, 0x3e8f886e, 0xbe9b50d2, 0xbe1a6a68, 0x3da5d35c, 0x3dfe8318, 0x3ec31d06,
                0xba603e00,
            ],
            [
                0xbfc8ed3b488d427d,
                0x3fd1f10dc01a98fe,
                0xbfd36a1a3b9c6908,
                0xbfc34d4caf67d2c9,
                0x3fd61480001280d6,
                0xbfc5074960f4d581,
                0x3fd863a0dd2ebe4a,
                0xbf4c079fca3f2e00,
            ],
        ),
        (
            "HeNormal",
            [
                0xbe277159, 0x3e84612c, 0xbe94f838, 0xbdfbff06, 0x3d8397df, 0x3dcd04fb, 0x3ef4026d,
                0xba30112a,
            ],
            [
                0xbfc4ee2ae4e9629d,
                0x3fd08c25c3bf1798,
                0xbfd29f073b2d6db6,
                0xbfbf7fe10adbf4a5,
                0x3fd76f56dc861713,
                0xbfc14ac1c3d36f87,
                0x3fde804e1e7a3ce3,
                0xbf46024459c90146,
            ],
        ),
        (
            "LecunUniform",
            [
                0xbe0d01b3, 0x3e4afc78, 0xbe5ba64c, 0xbdda6070, 0x3d6a8348, 0x3db3f798, 0x3e89f74c,
                0xba1e9000,
            ],
            [
                0xbfc1a0364d77df4c,
                0x3fc95f8f10fcc974,
                0xbfcb74c94c6d032b,
                0xbfbb4c0d87045ac4,
                0x3fcf39d797fc7022,
                0xbfbdbd1df1c47f92,
                0x3fd13ee9766ada5d,
                0xbf43d1eeb96b6200,
            ],
        ),
        (
            "LecunNormal",
            [
                0xbdecccc2, 0x3e3b3687, 0xbe52acc2, 0xbdb2302f, 0x3d3a19d8, 0x3d90f87c, 0x3eac8a6f,
                0xb9f8ff15,
            ],
            [
                0xbfbd9997ddae5c15,
                0x3fc766d138c22b61,
                0xbfca5598935f8780,
                0xbfb6460608f9854c,
                0x3fd0922c6ab7c1b2,
                0xbfb874612fe87ec0,
                0x3fd5914e36c062bf,
                0xbf3f200e8a56aa6c,
            ],
        ),
        (
            "XavierUniform",
            [
                0xbe0671ce, 0x3e418a2c, 0xbe516d7b, 0xbdd036c8, 0x3d5f9968, 0x3dab978c, 0x3e838b9f,
                0xba173000,
            ],
            [
                0xbfc0ce39b723f773,
                0x3fc83145b98d22f2,
                0xbfca2daf4f75f1de,
                0xbfba06d8d21b9708,
                0x3fcdc5d4569d5720,
                0xbfbc5ad27cedbfa0,
                0x3fd07174117a2ee7,
                0xbf42e5ce09ac5e00,
            ],
        ),
        (
            "XavierNormal",
            [
                0xbdd19df5, 0x3d5a3086, 0xbe3eaf3e, 0xbd9d3321, 0x3e41ea90, 0x3e193ddc, 0x3b46cc5a,
                0xb9dacab0,
            ],
            [
                0xbfba33bf0327c749,
                0x3fab4610d7411410,
                0xbfc7d5e8134213ec,
                0xbfb3a6640e67a030,
                0x3f95324584adf848,
                0xbfb597d98d1d9e30,
                0x3f68d98d3c9f5d8d,
                0xbf3b594ad00e3964,
            ],
        ),
        (
            "KaimingUniform",
            [
                0xbe4769db, 0x3e8f886e, 0xbe9b50d2, 0xbe1a6a68, 0x3da5d35c, 0x3dfe8318, 0x3ec31d06,
                0xba603e00,
            ],
            [
                0xbfc8ed3b488d427c,
                0x3fd1f10dc01a98fd,
                0xbfd36a1a3b9c6908,
                0xbfc34d4caf67d2c8,
                0x3fd61480001280d5,
                0xbfc5074960f4d580,
                0x3fd863a0dd2ebe49,
                0xbf4c079fca3f2e00,
            ],
        ),
        (
            "KaimingNormal",
            [
                0xbe1b74c6, 0x3da1d04e, 0xbe8d6a5a, 0xbde92a35, 0x3e8fcfe9, 0x3e634b48, 0x3b936ec7,
                0xba2242a3,
            ],
            [
                0xbfc36e99017c9c02,
                0x3fb43a09dfc68ed8,
                0xbfd1ad4b85a32908,
                0xbfbd25468041b139,
                0x3f9f70761d087326,
                0xbfc0039029e79652,
                0x3f726dda5f1f91f2,
                0xbf44484c1b2d9c3c,
            ],
        ),
        (
            "TorchDefault",
            [
                0xbda2d208, 0x3dea6366, 0xbdfda126, 0xbd7c28e0, 0x3d076564, 0x3d4fcee4, 0x3e1f4f35,
                0xb9b71800,
            ],
            [
                0xbfb45a40f6a942b4,
                0x3fbd4c6ce0c2e1b0,
                0xbfbfb424b2a0c08a,
                0xbfaf851bbead264a,
                0x3fc2073f367341d2,
                0xbfb12b6f64d2c795,
                0x3fc3e9e6b6673dd0,
                0xbf36e2df634ab000,
            ],
        ),
    ]
}

/// The initializers whose matrices come from the QR, on shapes that take its
/// paths: a wide matrix (Q transposed), one panel with its recursive halves, many
/// panels with sums over more than one block of rows, and a convolution's centre
/// tap. Each case: a name, the initializer, the shape, the key and the positions
/// pinned.
fn qr_cases() -> Vec<(&'static str, Init, Shape, u64, [usize; 6])> {
    use nninit::{DeltaOrthogonal, Orthogonal};
    vec![
        (
            "Orthogonal [4, 6]",
            Orthogonal::default().into(),
            Shape::from_torch(&[4, 6]),
            7,
            [0, 1, 2, 3, 12, 23],
        ),
        (
            "Orthogonal(2) [48, 40]",
            Orthogonal::new(2.0).unwrap().into(),
            Shape::from_torch(&[48, 40]),
            KEY,
            [0, 1, 2, 1023, 1024, 1919],
        ),
        (
            "Orthogonal [300, 260]",
            Orthogonal::default().into(),
            Shape::from_keras(&[300, 260]),
            KEY,
            [0, 1, 259, 40_000, 77_999, 77_740],
        ),
        (
            "DeltaOrthogonal [3, 3, 4, 8]",
            DeltaOrthogonal::default().into(),
            Shape::from_keras(&[3, 3, 4, 8]),
            KEY,
            [128, 129, 130, 140, 159, 0],
        ),
    ]
}

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

/// The pinned bits of a QR case in `f32`, and the hash of the whole fill.
fn qr_bits_f32(init: &Init, shape: &Shape, key: u64, at: [usize; 6]) -> ([u32; 6], u64) {
    let w: Vec<f32> = init.fill_new(shape, key).unwrap();
    (
        at.map(|i| w[i].to_bits()),
        fnv(w.iter().map(|x| u64::from(x.to_bits()))),
    )
}

/// The pinned bits of a QR case in `f64`, and the hash of the whole fill.
fn qr_bits_f64(init: &Init, shape: &Shape, key: u64, at: [usize; 6]) -> ([u64; 6], u64) {
    let w: Vec<f64> = init.fill_new(shape, key).unwrap();
    (
        at.map(|i| w[i].to_bits()),
        fnv(w.iter().map(|x| x.to_bits())),
    )
}

/// Prints the QR pins in the form used below (`cargo test --test value_stability
/// -- --ignored --nocapture print_qr_pins`).
#[test]
#[ignore = "prints the current pins"]
fn print_qr_pins() {
    for (name, init, shape, key, at) in qr_cases() {
        let (f, fh) = qr_bits_f32(&init, &shape, key, at);
        let (d, dh) = qr_bits_f64(&init, &shape, key, at);
        let f: Vec<String> = f.iter().map(|b| format!("0x{b:08x}")).collect();
        let d: Vec<String> = d.iter().map(|b| format!("0x{b:016x}")).collect();
        println!(
            "(\"{name}\", [{}], 0x{fh:016x}, [{}], 0x{dh:016x}),",
            f.join(", "),
            d.join(", ")
        );
    }
}

/// `Orthogonal` and `DeltaOrthogonal` bit for bit. The QR sums in a fixed order
/// without fused multiply-adds, so these bits are the same on every platform,
/// SIMD path and thread count; `.ci/run` checks them again on the SSE2 path.
#[test]
fn orthogonal_pinned_bits() {
    let pins = qr_pins();
    let cases = qr_cases();
    assert_eq!(pins.len(), cases.len());
    for ((name, init, shape, key, at), (pin_name, f, fh, d, dh)) in cases.into_iter().zip(pins) {
        assert_eq!(name, pin_name);
        assert_eq!(qr_bits_f32(&init, &shape, key, at), (f, fh), "{name} f32");
        assert_eq!(qr_bits_f64(&init, &shape, key, at), (d, dh), "{name} f64");
    }
}

#[allow(clippy::type_complexity, clippy::unreadable_literal)] // one table
fn qr_pins() -> Vec<(&'static str, [u32; 6], u64, [u64; 6], u64)> {
    vec![
        (
            "Orthogonal [4, 6]",
            [
                0x3da0a4a0, 0xbe98019a, 0xbe81cad0, 0xbf51604d, 0x3f469b48, 0xbf2850b3,
            ],
            0x19653d0ffcf34f36,
            [
                0x3fb5249d2e035c00,
                0xbfd4019c503106cc,
                0xbfd2d909e20ad95a,
                0x3fd4b14a2790ae39,
                0x3fe6976f83dc74e8,
                0xbfb2b9c8a91c1c3c,
            ],
            0xd40620ad4f8374a9,
        ),
        (
            "Orthogonal(2) [48, 40]",
            [
                0xbe53df50, 0x3dd687a2, 0xbebc3cbd, 0x3db3e2cb, 0x3eacb482, 0xbddbda0b,
            ],
            0x4ce4f27a59769de1,
            [
                0xbfcafcdb1e2c3be0,
                0x3fc1ad91f1c4bc20,
                0xbfd343848dedfbac,
                0xbf9003f77fadb140,
                0xbfd2ca0c2308041b,
                0x3fd0d29dbefab049,
            ],
            0x9502cc6e0081f395,
        ),
        (
            "Orthogonal [300, 260]",
            [
                0xbd237b80, 0x3ca1d1ea, 0xbd09e192, 0x3d607cf8, 0xbda40112, 0x3b883d5b,
            ],
            0xcb7246b60e98ea95,
            [
                0xbfa3d673ab862f00,
                0x3f9915b06bcf444e,
                0x3fbb4930e07bb6d0,
                0xbf64bcfe165149c8,
                0xbfb2ed5509d1691e,
                0x3fabd65784ee3575,
            ],
            0x1cf760460d63ef93,
        ),
        (
            "DeltaOrthogonal [3, 3, 4, 8]",
            [
                0xbe6af570, 0xbd1e0353, 0x3f409f97, 0x3ec297f3, 0x3ec7d78c, 0x00000000,
            ],
            0xbf2028282a6b01a9,
            [
                0xbfd8c3269d8c9f0c,
                0xbfb0a729bbdb65bf,
                0x3fe23a743db12719,
                0x3fd0f147b41eeb9b,
                0x3fc5e198b4f3cdac,
                0x0000000000000000,
            ],
            0x4431981b590a8ab3,
        ),
    ]
}
