//! Fresh buffers for [`Initializer::fill_new`](super::Initializer::fill_new): zeroed
//! memory that nothing has touched yet, advised to use huge pages where the operating
//! system offers them.
//!
//! A large zeroed allocation is served with pages that the program has never touched
//! (glibc's `calloc` maps them with `mmap`), and Linux faults each page in, and
//! zeroes it, when it is first written. With 4 KiB pages that is one fault for every
//! 1024 `f32`, and the faults cost more than the random numbers. On Linux,
//! `madvise(MADV_HUGEPAGE)` asks for transparent huge pages (2 MiB) on a range, one
//! fault for 512 small pages, which is what Linux's `madvise` mode of transparent
//! huge pages waits for (numpy advises its large arrays in the same way). The advice
//! is given before anything touches the buffer, so that the fill, spread over threads
//! by the `parallel` feature, is where the pages are faulted in.
//!
//! The advice is a hint: if Linux rejects it (`EINVAL`, `ENOSYS`), has no huge
//! page to give, or the system is not Linux, the buffer is filled in small pages. The
//! buffer's values never depend on it.
//!
//! Under Miri, which cannot make the system call, the call is replaced by a check that
//! the advised range lies inside the buffer, and the sizes are scaled down so that
//! Miri runs the same path on small buffers.

use crate::Real;

/// The size and alignment of a huge page: 2 MiB on x86-64, and on aarch64 with 4 KiB
/// base pages. Where the system's huge pages are larger, an advised range with no
/// whole huge page in it is left in small pages, which is only slower.
#[cfg(not(miri))]
const HUGE_PAGE: usize = 2 << 20;
/// Miri runs the huge-page path on small buffers.
#[cfg(miri)]
const HUGE_PAGE: usize = 256;

/// The smallest buffer, in bytes, that is advised to use huge pages (4 MiB, as numpy
/// does). Any range this long holds at least one whole aligned huge page, and the
/// system call (a few µs) is small beside filling it.
pub(crate) const HUGE_MIN: usize = 2 * HUGE_PAGE;

/// A zeroed buffer of `len` elements; from [`HUGE_MIN`] bytes up, the whole huge pages
/// inside it are advised to be backed by huge pages before anything touches them.
///
/// The caller checks that `len` elements of `T` fit in `isize` bytes.
pub(crate) fn zeroed<T: Real>(len: usize) -> Vec<T> {
    // `vec!` of zero bits asks the allocator for zeroed memory (`calloc`), which
    // writes nothing to a large buffer: its pages stay untouched.
    let mut buf = vec![T::zero(); len];
    if size_of_val(buf.as_slice()) >= HUGE_MIN {
        advise_huge_pages(&mut buf);
    }
    buf
}

/// The whole aligned huge pages inside the `bytes` bytes from address `addr`, as an
/// offset from `addr` and a length, both in bytes; `None` when there is none.
// Elsewhere than Linux (and Miri) only the tests use it.
#[cfg_attr(not(any(target_os = "linux", miri)), allow(dead_code))]
fn huge_interior(addr: usize, bytes: usize) -> Option<(usize, usize)> {
    let start = addr.checked_next_multiple_of(HUGE_PAGE)?;
    let end = addr.checked_add(bytes)? / HUGE_PAGE * HUGE_PAGE;
    (end > start).then(|| (start - addr, end - start))
}

/// Advises Linux to back the whole huge pages inside `buf` with huge pages.
/// Failure is ignored: the advice changes neither the contents nor the validity of
/// any memory, only which page size later faults use.
#[cfg(all(target_os = "linux", not(miri)))]
#[allow(unsafe_code)]
fn advise_huge_pages<T>(buf: &mut [T]) {
    let Some((offset, len)) = huge_interior(buf.as_ptr() as usize, size_of_val(buf)) else {
        return;
    };
    let start = buf.as_mut_ptr().cast::<u8>().wrapping_add(offset);
    // SAFETY: `start..start + len` lies inside `buf` (`huge_interior` returns a
    // range within `addr..addr + bytes`), memory that this function borrows
    // exclusively, so no other code is using it. `MADV_HUGEPAGE` only marks the
    // range's mapping as eligible for transparent huge pages: it does not change the
    // contents of the memory, nor whether it is mapped, readable or writable, so every
    // reference into `buf` stays valid. `start` is aligned to `HUGE_PAGE`, a multiple
    // of the base page size, as `madvise` requires. The result is ignored on purpose.
    let _ = unsafe { libc::madvise(start.cast(), len, libc::MADV_HUGEPAGE) };
}

/// Without Linux there is nothing to advise.
#[cfg(all(not(target_os = "linux"), not(miri)))]
fn advise_huge_pages<T>(_: &mut [T]) {}

/// Under Miri: the range that would be advised must lie inside `buf`, which Miri
/// checks when it is viewed as a slice.
#[cfg(miri)]
#[allow(unsafe_code)]
fn advise_huge_pages<T>(buf: &mut [T]) {
    let Some((offset, len)) = huge_interior(buf.as_ptr() as usize, size_of_val(buf)) else {
        return;
    };
    let start = buf.as_mut_ptr().cast::<u8>().wrapping_add(offset);
    // SAFETY: `start..start + len` lies inside `buf` (see the Linux version), whose
    // bytes are initialised and which this function borrows exclusively; Miri checks
    // exactly that here.
    let range = unsafe { core::slice::from_raw_parts_mut(start, len) };
    core::hint::black_box(range);
}

#[cfg(test)]
mod tests;
