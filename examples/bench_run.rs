//! Runs one command and reports its wall time, CPU time and peak RSS: the stopwatch of
//! `benches/compare.sh`.
//!
//! ```sh
//! cargo run --release --example bench_run -- REPORT_FILE COMMAND [ARGS...]
//! ```
//!
//! COMMAND inherits standard input, output and error. When it ends, one line goes to REPORT_FILE:
//! `wall_s user_s sys_s max_rss_kb exit_code` (exit_code is 128 + N when killed by signal N), and
//! bench_run exits with COMMAND's code.
//!
//! Why a separate, small program: on Linux a child's `ru_maxrss` starts from the peak RSS of the
//! process that spawned it (the kernel carries the old address space's high-water mark across
//! `execve`), so a Python harness of 15–200 MB would spawn every measured command with that floor.
//! This program's own peak is about 2 MB, so the figure it reports is the command's own peak for
//! any command using more than that (`benches/compare.sh` prints the floor, measured on `true`).

#[cfg(unix)]
fn main() {
    use std::io::Write;
    use std::os::unix::process::ExitStatusExt;

    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let [report, command, rest @ ..] = args.as_slice() else {
        eprintln!("usage: bench_run REPORT_FILE COMMAND [ARGS...]");
        std::process::exit(2);
    };
    let started = std::time::Instant::now();
    let child = match std::process::Command::new(command).args(rest).spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bench_run: cannot start {}: {e}", command.to_string_lossy());
            std::process::exit(127);
        }
    };
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data that wait4 fills; the pid is our own child's, waited for
    // once, here (the `Child` handle is never waited on, and dropping it does not wait).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break r;
    };
    let wall = started.elapsed().as_secs_f64();
    if waited != pid {
        eprintln!("bench_run: wait4: {}", std::io::Error::last_os_error());
        std::process::exit(125);
    }
    drop(child);
    let exit = std::process::ExitStatus::from_raw(status);
    let code = exit
        .code()
        .unwrap_or_else(|| 128 + exit.signal().unwrap_or(0));
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let line = format!(
        "{wall:.6} {:.6} {:.6} {} {code}\n",
        secs(usage.ru_utime),
        secs(usage.ru_stime),
        usage.ru_maxrss
    );
    let written = std::fs::File::create(report).and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        eprintln!("bench_run: {}: {e}", report.to_string_lossy());
        std::process::exit(125);
    }
    std::process::exit(code);
}

#[cfg(not(unix))]
fn main() {
    eprintln!("bench_run: Unix only (it reads the child's rusage from wait4)");
    std::process::exit(2);
}
