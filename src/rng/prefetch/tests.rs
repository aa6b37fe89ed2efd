use super::*;

/// The lines (address / 64) that the first `steps` shares of `bytes` ask
/// for, in order.
fn asked(p: Prefetch<'_>, bytes: usize, steps: usize) -> Vec<usize> {
    let mut lines = Vec::new();
    for k in 0..steps {
        p.share_lines(k, bytes, |offset| {
            assert!(offset < p.len, "{offset} past {}", p.len);
            lines.push((p.start.addr() + offset) / LINE);
        });
    }
    lines
}

/// The lines that hold a byte of `p`'s output, in order, less the last where
/// no multiple of 64 from the start falls in it.
fn lines(p: Prefetch<'_>) -> Vec<usize> {
    let first = p.start.addr() / LINE;
    let last = (p.start.addr() + p.len - 1) / LINE;
    let asked = first..first + p.len.div_ceil(LINE);
    assert!(
        asked.end == last + 1 || asked.end == last,
        "all but the last"
    );
    asked.collect()
}

#[test]
fn every_line_of_the_output_is_asked_for_once() {
    // A chunk's words take 128 steps: 32 bytes per step (f32, one set of
    // lanes), 64 (f32 pair, f64), 128 (f64 pair); the outputs start at every
    // alignment a buffer of f32 can have, and one is cut short.
    let buf = vec![0.0f32; 4096 + 16];
    for skip in 0..16 {
        let bytes = &buf[skip..];
        for (len, per_step) in [(4096, 32), (1000, 32), (8192, 64), (16384, 128)] {
            let p = Prefetch::of(&bytes[..len / 4]);
            let got = asked(p, per_step, 128);
            assert_eq!(
                got,
                lines(p),
                "start {skip}, {len} bytes, {per_step} per step"
            );
        }
        // The baseline copy's pair: each half by itself.
        let pair = Prefetch::of(&bytes[..2048]);
        for half in pair.halves() {
            assert_eq!(asked(half, 32, 128), lines(half), "{skip}");
        }
        assert_eq!(pair.halves()[1].start, bytes[1024..].as_ptr().cast());
    }
    assert!(asked(Prefetch::NONE, 64, 128).is_empty());
}
