//! The memory budget: one figure (`--memory-mb`) that bounds what the reading of an export holds in
//! memory at once, across all threads — the bytes of the files being read (decompressed), their
//! decoded samples and activities, and the rows made and kept — so that no file, however hostile,
//! and no thread count makes the process grow past it.
//!
//! Every file is read as a job that *charges* what it allocates (see [`charge`], [`reserve`]).
//! The rule that decides whether a file fits depends only on the file and on the files before it
//! in a fixed order, never on the thread count or on timing, so the output stays byte-identical at
//! any `-j`:
//!
//! > a file is read when what it needs fits in the budget less the rows already kept, in the
//! > order of the jobs; otherwise it is an error row naming the budget and the option.
//!
//! Jobs run in parallel in fixed-size chunks. A job that finds the budget taken by *other* jobs
//! stops at once (it never waits, so nothing can deadlock) and runs again alone once its chunk is
//! done, where only its own needs count. After a chunk, its jobs are settled in order: each one's
//! need is checked against the budget less the rows kept so far, and its rows join the kept ones.
//!
//! Outside a job (tests, fuzzing, a caller that decodes bytes it holds) charges are free.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The default budget, in MB of 1024 × 1024 bytes. Well under 1 GB: with the program itself,
/// thread stacks and the allocator's slack, a reading held to it peaks at about twice this in
/// the worst case (a job run alone beside the rows its chunk is still settling).
pub const DEFAULT_MEMORY_MB: u64 = 256;

const MB: u64 = 1024 * 1024;

/// What one decoded sample is charged: the sample itself and the summary's per-sample working
/// copies of it (cleaned heart rate, motion, cumulative distance), which live at the same time.
pub const SAMPLE_COST: usize = 2 * std::mem::size_of::<crate::activity::Sample>();

/// The bytes the reading of one export may hold in memory at once, and how much it holds.
#[derive(Debug)]
pub struct Budget {
    limit: u64,
    /// Charged by running jobs, by jobs done but not yet settled (their rows), and kept rows.
    held: AtomicU64,
    /// Rows kept by settled jobs (only the settling thread changes it).
    kept: AtomicU64,
}

impl Budget {
    pub fn new(limit: u64) -> Arc<Budget> {
        Arc::new(Budget {
            limit,
            held: AtomicU64::new(0),
            kept: AtomicU64::new(0),
        })
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Rows kept by the jobs settled so far.
    pub fn kept(&self) -> u64 {
        self.kept.load(Ordering::Relaxed)
    }

    /// What a job settled now may need: the budget less the rows kept.
    pub fn room(&self) -> u64 {
        self.limit.saturating_sub(self.kept())
    }

    /// Adds rows that stay for the rest of the reading.
    pub fn keep(&self, bytes: u64) {
        self.kept.fetch_add(bytes, Ordering::Relaxed);
        self.held.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Holds the rows of a job done but not yet settled.
    pub fn hold(&self, bytes: u64) {
        self.held.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Settles a job: the `pending` bytes it held go, the `kept` bytes of its rows stay.
    pub fn settle(&self, pending: u64, kept: u64) {
        self.held.fetch_sub(pending, Ordering::Relaxed);
        self.keep(kept);
    }

    fn take(&self, bytes: u64, shared: bool) -> bool {
        if !shared {
            self.held.fetch_add(bytes, Ordering::Relaxed);
            return true;
        }
        let mut held = self.held.load(Ordering::Relaxed);
        loop {
            let Some(after) = held.checked_add(bytes).filter(|&a| a <= self.limit) else {
                return false;
            };
            match self
                .held
                .compare_exchange_weak(held, after, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return true,
                Err(now) => held = now,
            }
        }
    }

    fn give_back(&self, bytes: u64) {
        self.held.fetch_sub(bytes, Ordering::Relaxed);
    }

    /// The one line an error row says when a file does not fit.
    pub fn refusal(&self) -> String {
        refusal(self.limit)
    }
}

/// "needs more memory than the 256 MB budget: raise it with --memory-mb".
pub fn refusal(limit: u64) -> String {
    format!(
        "needs more memory than the {} MB budget: raise it with --memory-mb",
        limit / MB
    )
}

/// Why a job stopped charging.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Other jobs hold the budget now: run it again alone.
    Busy,
    /// The job alone needs more than it may have.
    OverBudget,
}

/// How a job runs: beside others, or alone once its chunk is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Run {
    Shared,
    Alone,
}

struct Account {
    budget: Arc<Budget>,
    /// The most this job may need: the budget less the rows kept when it started.
    cap: u64,
    run: Run,
    /// Everything this job charged (nothing is given back before it ends: its need is its total).
    charged: u64,
    /// Charged to the shared `held` (what must be given back when the job ends).
    held: u64,
    stop: Option<Stop>,
}

thread_local! {
    static ACCOUNT: RefCell<Vec<Account>> = const { RefCell::new(Vec::new()) };
}

/// What a job needed, once it is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    pub bytes: u64,
    pub stop: Option<Stop>,
}

/// A job's account, open while it runs on this thread (a job stolen by this thread while it waits
/// gets its own account above this one, and closes it before this one resumes).
pub struct Job {
    _private: (),
}

impl Job {
    pub fn open(budget: &Arc<Budget>, run: Run) -> Job {
        let account = Account {
            budget: Arc::clone(budget),
            cap: budget.room(),
            run,
            charged: 0,
            held: 0,
            stop: None,
        };
        ACCOUNT.with(|a| a.borrow_mut().push(account));
        Job { _private: () }
    }

    /// Closes the account: gives back what it held and says what the job needed.
    pub fn close(self) -> Need {
        let account = ACCOUNT.with(|a| a.borrow_mut().pop());
        std::mem::forget(self);
        match account {
            Some(a) => {
                a.budget.give_back(a.held);
                Need {
                    bytes: a.charged,
                    stop: a.stop,
                }
            }
            None => Need {
                bytes: 0,
                stop: None,
            },
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        // Unwinding out of a job: its account must not outlive it.
        if let Some(a) = ACCOUNT.with(|a| a.borrow_mut().pop()) {
            a.budget.give_back(a.held);
        }
    }
}

/// Charges `bytes` to the job running on this thread. `false`: the job must stop (it is over its
/// budget, or must wait for others to finish); what it decoded so far is to be thrown away. Free,
/// and always `true`, outside a job.
pub fn charge(bytes: u64) -> bool {
    ACCOUNT.with(|a| {
        let mut accounts = a.borrow_mut();
        let Some(account) = accounts.last_mut() else {
            return true;
        };
        if account.stop.is_some() {
            return false;
        }
        account.charged = account.charged.saturating_add(bytes);
        if account.charged > account.cap {
            account.stop = Some(Stop::OverBudget);
            return false;
        }
        if !account.budget.take(bytes, account.run == Run::Shared) {
            account.stop = Some(Stop::Busy);
            return false;
        }
        account.held += bytes;
        true
    })
}

/// The whole budget of the job running on this thread (`u64::MAX` outside a job): a fixed
/// figure, so what is sized from it does not hang on which files were read before.
pub fn limit_here() -> u64 {
    ACCOUNT.with(|a| {
        a.borrow()
            .last()
            .map_or(u64::MAX, |account| account.budget.limit())
    })
}

/// Charges what a job keeps once its work is done (its rows): never refused, the settling decides.
pub fn charge_kept(bytes: u64) {
    ACCOUNT.with(|a| {
        if let Some(account) = a.borrow_mut().last_mut() {
            account.charged = account.charged.saturating_add(bytes);
            account.budget.take(bytes, false);
            account.held += bytes;
        }
    });
}

/// Whether the job running on this thread has been told to stop.
pub fn stopped() -> bool {
    ACCOUNT.with(|a| a.borrow().last().is_some_and(|acc| acc.stop.is_some()))
}

/// The refusal of the job running on this thread (its budget), for the error it returns.
pub fn refusal_here() -> String {
    ACCOUNT.with(|a| {
        a.borrow().last().map_or_else(
            || refusal(DEFAULT_MEMORY_MB * MB),
            |acc| acc.budget.refusal(),
        )
    })
}

/// Makes room in `v` for one more item, charging `cost` bytes per slot it adds. Growth doubles
/// (from 1024 slots), exactly, so what a file is charged depends only on the file. `false`: not
/// charged, nothing reserved, the job must stop.
#[inline]
pub fn reserve<T>(v: &mut Vec<T>, cost: usize) -> bool {
    v.len() < v.capacity() || grow(v, cost, 1024)
}

/// [`reserve`] for a vector of which a file may hold thousands, most of them small: growth
/// doubles from 64 slots. A TCX history of 2 000 two-point activities was charged 1 024 samples
/// each (295 MB) and refused, while it needs a tenth of that; a FIT file's one list of samples
/// keeps the larger first step (fewer copies as it grows: 2 % of the instructions of a one-hour
/// run).
#[inline]
pub fn reserve_few<T>(v: &mut Vec<T>, cost: usize) -> bool {
    v.len() < v.capacity() || grow(v, cost, 64)
}

#[cold]
fn grow<T>(v: &mut Vec<T>, cost: usize, first: usize) -> bool {
    let more = v.capacity().max(first);
    let bytes = (more as u64).saturating_mul(cost as u64);
    if !charge(bytes) {
        return false;
    }
    v.try_reserve_exact(more).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outside_a_job_everything_fits() {
        assert!(charge(u64::MAX));
        let mut v: Vec<u64> = Vec::new();
        assert!(reserve(&mut v, usize::MAX));
        assert!(!stopped());
    }

    #[test]
    fn a_job_alone_may_have_the_whole_budget_and_no_more() {
        let budget = Budget::new(10_000);
        let job = Job::open(&budget, Run::Alone);
        assert!(charge(6_000));
        assert!(charge(4_000));
        assert!(!charge(1));
        assert!(stopped());
        let need = job.close();
        assert_eq!(need.stop, Some(Stop::OverBudget));
        assert_eq!(budget.held.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_job_beside_others_stops_when_they_hold_the_budget() {
        let budget = Budget::new(10_000);
        let first = std::thread::scope(|s| {
            s.spawn(|| {
                let job = Job::open(&budget, Run::Shared);
                assert!(charge(8_000));
                // Another job, on another thread, while this one holds 8 000.
                let other = std::thread::scope(|s2| {
                    s2.spawn(|| {
                        let job = Job::open(&budget, Run::Shared);
                        let fits = charge(3_000);
                        (fits, job.close())
                    })
                    .join()
                    .unwrap()
                });
                (job.close(), other)
            })
            .join()
            .unwrap()
        });
        let (first, (fits, other)) = first;
        assert_eq!(first.bytes, 8_000);
        assert!(!fits);
        assert_eq!(other.stop, Some(Stop::Busy));
        assert_eq!(budget.held.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn kept_rows_shrink_what_the_next_job_may_need() {
        let budget = Budget::new(10_000);
        budget.keep(7_000);
        let job = Job::open(&budget, Run::Alone);
        assert!(charge(3_000));
        assert!(!charge(1));
        assert_eq!(job.close().stop, Some(Stop::OverBudget));
    }

    #[test]
    fn growth_is_charged_before_it_is_made() {
        let budget = Budget::new(1024 * 8 * 3);
        let job = Job::open(&budget, Run::Alone);
        let mut v: Vec<u64> = Vec::new();
        assert!(reserve(&mut v, 8));
        assert_eq!(v.capacity(), 1024);
        v.resize(1024, 0);
        assert!(reserve(&mut v, 8));
        assert_eq!(v.capacity(), 2048);
        v.resize(2048, 0);
        // Doubling again would need 2048 × 8 more: over the 3 × 1024 × 8 budget.
        assert!(!reserve(&mut v, 8));
        assert_eq!(v.capacity(), 2048);
        // The refused growth counts in the need: it is what the file asked for.
        assert_eq!(job.close().bytes, 1024 * 8 * 2 + 2048 * 8);
        // A vector of which a file holds many starts small.
        let budget = Budget::new(64 * 8 * 3);
        let job = Job::open(&budget, Run::Alone);
        let mut v: Vec<u64> = Vec::new();
        assert!(reserve_few(&mut v, 8));
        assert_eq!(v.capacity(), 64);
        v.resize(64, 0);
        assert!(reserve_few(&mut v, 8) && v.capacity() == 128);
        v.resize(128, 0);
        assert!(!reserve_few(&mut v, 8));
        assert_eq!(job.close().bytes, 64 * 8 * 2 + 128 * 8);
    }
}
