fn main() {
    keep_freed_memory();
    #[cfg(unix)]
    grayzone::cmd::interrupt::install();
    std::process::exit(grayzone::cmd::run());
}

/// Every file's bytes and samples (a few hundred KB for a one-hour run) are allocated, summarized
/// and freed, thousands of times. glibc's defaults hand such blocks back to the kernel as they are
/// freed (mmap above 128 KB, trimming the heap above 256 KB) and fault them in again for the next
/// file: 98,000 page faults and 28 % of the time on 1,000 one-hour FIT runs (BENCHMARKS.md). Kept
/// by the allocator instead, the next file reuses them: 3,500 faults, same peak RSS. Blocks of 4 MB
/// and more (a long file's bytes and samples) still go straight to the kernel, so they grow in
/// place and leave no holes in the heap (at 32 MB, a 50 MB file peaked 12 % higher); free memory
/// above 64 MB at the top of the heap is still returned.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    use std::ffi::c_int;
    // From glibc's <malloc.h>.
    const M_TRIM_THRESHOLD: c_int = -1;
    const M_MMAP_THRESHOLD: c_int = -3;
    unsafe extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
    }
    // SAFETY: mallopt only sets two allocator parameters; it is called before any thread starts.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 4 << 20);
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}
