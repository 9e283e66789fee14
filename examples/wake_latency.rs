//! How long an idle core takes to run a thread woken on it: the price every parallel section pays
//! when it starts on a core that had gone to sleep. `benches/compare.sh` prints it beside the
//! 2-thread ratios, which it bounds on small inputs.
//!
//! ```sh
//! cargo run --release --example wake_latency -- [TRIALS]
//! ```
//!
//! Prints one line: `spawn MIN MEDIAN MAX unpark MIN MEDIAN MAX` in milliseconds. `spawn`: from
//! creating a thread to its first instruction (what a thread pool pays at start); `unpark`: from
//! waking a parked thread to it running (what a pool's sleeping worker pays for each new job).
//! Before each trial both threads idle 20 ms, long enough for a core to halt; after asking, the
//! asking thread keeps its own core busy (as a worker with work does), so the other thread must
//! run on another core. On bare metal both are tens of microseconds; on a VM whose idle vCPUs halt
//! until the host's next tick, up to the tick (4 ms at 250 Hz).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

const IDLE: Duration = Duration::from_millis(20);
/// A trial the other core never answers is given up after this.
const GIVE_UP: Duration = Duration::from_millis(100);

fn main() {
    let trials: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(30)
        .max(1);
    let ran = Arc::new(AtomicBool::new(false));
    let mut spawn = Vec::with_capacity(trials);
    for _ in 0..trials {
        thread::sleep(IDLE);
        ran.store(false, Ordering::SeqCst);
        let flag = Arc::clone(&ran);
        let asked = Instant::now();
        let helper = thread::spawn(move || flag.store(true, Ordering::SeqCst));
        spawn.extend(busy_until(&ran, asked));
        let _ = helper.join();
    }
    // A parked helper, woken once a trial.
    let done = Arc::new(AtomicBool::new(false));
    let helper = {
        let (ran, done) = (Arc::clone(&ran), Arc::clone(&done));
        thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                thread::park();
                ran.store(true, Ordering::SeqCst);
            }
        })
    };
    let mut unpark = Vec::with_capacity(trials);
    for _ in 0..trials {
        thread::sleep(IDLE);
        ran.store(false, Ordering::SeqCst);
        let asked = Instant::now();
        helper.thread().unpark();
        unpark.extend(busy_until(&ran, asked));
    }
    done.store(true, Ordering::SeqCst);
    helper.thread().unpark();
    let _ = helper.join();
    println!(
        "spawn {} unpark {}",
        spread(&mut spawn),
        spread(&mut unpark)
    );
}

/// Spins on this core until the other thread says it ran: how long that took.
fn busy_until(ran: &AtomicBool, asked: Instant) -> Option<Duration> {
    loop {
        if ran.load(Ordering::SeqCst) {
            return Some(asked.elapsed());
        }
        if asked.elapsed() > GIVE_UP {
            return None;
        }
        std::hint::spin_loop();
    }
}

/// Min, median and max in milliseconds.
fn spread(times: &mut [Duration]) -> String {
    times.sort();
    let ms = |d: Option<&Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3);
    format!(
        "{:.3} {:.3} {:.3}",
        ms(times.first()),
        ms(times.get(times.len() / 2)),
        ms(times.last())
    )
}
