//! Ctrl-C, or a kill, while an output is written: the temporary file beside its target goes, as
//! it does when the writing fails, instead of staying as a hidden partial `.runs.json.XXXX.tmp`
//! (hostile-input round 32). The binary installs the handler (`install`); the library never
//! touches a host program's signals.

use std::ffi::{c_char, c_int, CString};
use std::path::Path;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

/// Temporary files being written, each its path as a C string (null: a free slot). An output is
/// written at a time; `weekly --html -o` writes two, one after the other.
static PENDING: [AtomicPtr<c_char>; 4] = [const { AtomicPtr::new(std::ptr::null_mut()) }; 4];

/// A temporary file known to the handler while it lives.
pub struct Pending {
    slot: Option<usize>,
}

impl Pending {
    /// Registers `path`; with every slot taken (no command writes that many at once) or a path no
    /// C string can hold, the file is only left to the usual cleanup.
    pub fn new(path: &Path) -> Pending {
        use std::os::unix::ffi::OsStrExt;
        let Ok(c_path) = CString::new(path.as_os_str().as_bytes()) else {
            return Pending { slot: None };
        };
        let raw = c_path.into_raw();
        for (i, slot) in PENDING.iter().enumerate() {
            if slot
                .compare_exchange(
                    std::ptr::null_mut(),
                    raw,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                )
                .is_ok()
            {
                return Pending { slot: Some(i) };
            }
        }
        // SAFETY: `raw` came from `CString::into_raw` above and was published nowhere.
        drop(unsafe { CString::from_raw(raw) });
        Pending { slot: None }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let Some(i) = self.slot else { return };
        let raw = PENDING[i].swap(std::ptr::null_mut(), Ordering::SeqCst);
        if !raw.is_null() {
            // SAFETY: only `Pending::new` stores pointers, each from `CString::into_raw`; the swap
            // took it out, so neither the handler nor another drop can reach it again.
            drop(unsafe { CString::from_raw(raw) });
        }
    }
}

/// Handlers running now: the last to finish its removals is the one that lets the process die.
static IN_HANDLER: AtomicUsize = AtomicUsize::new(0);

/// Removes the temporary files being written, then dies of the signal as it would have — once no
/// other thread's handler is still removing one: a second signal on another thread found the
/// slots already taken, raised, and ended the process before the first thread's unlink (hostile
/// round 35 M3).
extern "C" fn on_signal(signal: c_int) {
    IN_HANDLER.fetch_add(1, Ordering::SeqCst);
    for slot in &PENDING {
        let raw = slot.swap(std::ptr::null_mut(), Ordering::SeqCst);
        if !raw.is_null() {
            // SAFETY: `raw` is a live C string (see `Pending`); unlink, signal and raise are
            // async-signal-safe, and nothing here allocates.
            unsafe {
                libc::unlink(raw);
            }
        }
    }
    IN_HANDLER.fetch_sub(1, Ordering::SeqCst);
    while IN_HANDLER.load(Ordering::SeqCst) > 0 {
        std::hint::spin_loop();
    }
    // SAFETY: as above.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// The signals that end a program by default and can be caught: Ctrl-C and `Ctrl-\`, a kill, a
/// closed terminal, a timer or a user signal a scheduler sends, a CPU-time limit (`ulimit -t`,
/// systemd's `LimitCPU`), profiling timers, I/O and power signals, a bad system call, a trap,
/// an abort (an allocation the system refused) and the real-time signals (hostile round 34 H5:
/// XCPU and nine others left the partial file). The faults (SEGV, BUS, FPE, ILL) are no signal
/// anything sends this program, and the runtime keeps its own handler for a stack overflow.
fn fatal_signals() -> Vec<c_int> {
    let mut signals = vec![
        libc::SIGINT,
        libc::SIGTERM,
        libc::SIGHUP,
        libc::SIGQUIT,
        libc::SIGALRM,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGXCPU,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGIO,
        libc::SIGSYS,
        libc::SIGTRAP,
        libc::SIGABRT,
    ];
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        signals.extend([libc::SIGPWR, libc::SIGSTKFLT]);
        signals.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
    }
    signals
}

/// Installs the handler for every signal in [`fatal_signals`]. A file-size limit (`ulimit -f`,
/// systemd's `LimitFSIZE`) is no signal here: ignored, the write fails with "File too large" and
/// goes the way a full disk does (hostile round 33 H4: it killed the program, with no word,
/// beside a partial temporary file).
pub fn install() {
    // SAFETY: ignoring a signal runs no code of ours.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let signals = fatal_signals();
    // While the handler runs on a thread, the other fatal signals wait: one arriving on that
    // thread would run a second handler over the first, which waits for it (see `IN_HANDLER`).
    // SAFETY: a zeroed `sigaction` is a valid empty one; `sigemptyset` and `sigaddset` only
    // write into the set given; `on_signal` is an `extern "C" fn(c_int)`, as `sa_sigaction`
    // takes without SA_SIGINFO, and does only async-signal-safe work.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        libc::sigemptyset(&mut action.sa_mask);
        for &signal in &signals {
            libc::sigaddset(&mut action.sa_mask, signal);
        }
        action.sa_flags = libc::SA_RESTART;
        action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
        for &signal in &signals {
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registered() -> Vec<String> {
        PENDING
            .iter()
            .filter_map(|slot| {
                let raw = slot.load(Ordering::SeqCst);
                // SAFETY: a registered pointer is a live C string until its `Pending` drops,
                // which this test's own do only after reading.
                (!raw.is_null()).then(|| {
                    unsafe { std::ffi::CStr::from_ptr(raw) }
                        .to_string_lossy()
                        .into_owned()
                })
            })
            .collect()
    }

    /// Every signal that would kill the program mid-write runs the handler, a CPU-time limit and
    /// a real-time signal as much as a Ctrl-C.
    #[test]
    #[cfg(target_os = "linux")]
    fn every_fatal_signal_runs_the_handler() {
        install();
        let handler = on_signal as *const () as libc::sighandler_t;
        let disposition = |signal: c_int| {
            // SAFETY: a query only (`act` null): the old action is written into `old`.
            let mut old: libc::sigaction = unsafe { std::mem::zeroed() };
            let rc = unsafe { libc::sigaction(signal, std::ptr::null(), &mut old) };
            assert_eq!(rc, 0, "signal {signal}");
            old.sa_sigaction
        };
        for signal in [
            libc::SIGINT,
            libc::SIGTERM,
            libc::SIGXCPU,
            libc::SIGVTALRM,
            libc::SIGPROF,
            libc::SIGPWR,
            libc::SIGIO,
            libc::SIGSYS,
            libc::SIGTRAP,
            libc::SIGSTKFLT,
            libc::SIGABRT,
            libc::SIGRTMIN() + 1,
            libc::SIGRTMAX(),
        ] {
            assert_eq!(disposition(signal), handler, "signal {signal}");
        }
        assert_eq!(disposition(libc::SIGXFSZ), libc::SIG_IGN);
    }

    #[test]
    fn a_temporary_file_is_known_to_the_handler_while_it_is_written() {
        let a = Pending::new(Path::new("/tmp/.runs.csv.abc.tmp"));
        let b = Pending::new(Path::new("/tmp/.report.html.def.tmp"));
        let now = registered();
        assert!(
            now.contains(&"/tmp/.runs.csv.abc.tmp".to_string()),
            "{now:?}"
        );
        assert!(
            now.contains(&"/tmp/.report.html.def.tmp".to_string()),
            "{now:?}"
        );
        drop(a);
        let now = registered();
        assert!(
            !now.contains(&"/tmp/.runs.csv.abc.tmp".to_string()),
            "{now:?}"
        );
        assert!(
            now.contains(&"/tmp/.report.html.def.tmp".to_string()),
            "{now:?}"
        );
        drop(b);
        // A path no C string holds is left to the usual cleanup, and takes no slot.
        let nul = Pending::new(Path::new("a\0b"));
        assert_eq!(nul.slot, None);
    }
}
