//! Several inputs read at once, their answers handed on in input order.
//!
//! One card's decoding, card finding and parsing run on one core while another card's
//! inference runs on the other, so a batch keeps both cores busy; each read uses fewer
//! inference threads. Workers never run more than a small window ahead of the input whose
//! answer is due, so a slow card holds back at most that many finished answers in memory.

use std::collections::BTreeMap;
use std::sync::{mpsc, Condvar, Mutex};

/// Inputs a worker may start beyond the one whose answer is due next, per worker.
const AHEAD_PER_JOB: usize = 2;

/// What the workers share.
#[derive(Default)]
struct Progress {
    /// Inputs started.
    started: usize,
    /// Answers handed to `emit`.
    emitted: usize,
    /// `emit` asked to stop.
    stopped: bool,
}

/// Read `items` with `jobs` workers and call `emit` with each answer in input order. `emit`
/// returning `false` stops the run (workers finish the read they are in and start no more).
pub fn read_in_order<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    read: impl Fn(&T) -> R + Sync,
    mut emit: impl FnMut(usize, R) -> bool,
) {
    let jobs = jobs.clamp(1, items.len().max(1));
    if jobs == 1 {
        for (i, item) in items.iter().enumerate() {
            if !emit(i, read(item)) {
                return;
            }
        }
        return;
    }
    let window = jobs * AHEAD_PER_JOB;
    let state = Mutex::new(Progress::default());
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let tx = tx.clone();
            let (state, moved, read) = (&state, &moved, &read);
            scope.spawn(move || loop {
                let index = {
                    let Ok(mut s) = state.lock() else { return };
                    while !s.stopped && s.started < items.len() && s.started >= s.emitted + window {
                        s = match moved.wait(s) {
                            Ok(s) => s,
                            Err(_) => return,
                        };
                    }
                    if s.stopped || s.started >= items.len() {
                        return;
                    }
                    s.started += 1;
                    s.started - 1
                };
                if tx.send((index, read(&items[index]))).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut stopped = false;
        for (index, answer) in rx.iter() {
            if stopped {
                continue;
            }
            pending.insert(index, answer);
            while let Some(answer) = pending.remove(&next) {
                let go_on = emit(next, answer);
                next += 1;
                if let Ok(mut s) = state.lock() {
                    s.emitted = next;
                    s.stopped = !go_on;
                }
                moved.notify_all();
                if !go_on {
                    stopped = true;
                    pending.clear();
                    break;
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn answers_come_in_input_order_whatever_the_read_times() {
        let items: Vec<u64> = (0..40).collect();
        let mut seen = Vec::new();
        read_in_order(
            &items,
            3,
            |&i| {
                // the earlier inputs take the longest
                std::thread::sleep(Duration::from_millis((40 - i) % 7));
                i * 10
            },
            |i, r| {
                seen.push((i, r));
                true
            },
        );
        let want: Vec<(usize, u64)> = (0..40).map(|i| (i as usize, i * 10)).collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn a_stop_starts_no_more_reads() {
        let items: Vec<u32> = (0..100).collect();
        let started = std::sync::atomic::AtomicUsize::new(0);
        let mut emitted = 0;
        read_in_order(
            &items,
            2,
            |&i| {
                started.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            |_, _| {
                emitted += 1;
                emitted < 5
            },
        );
        assert_eq!(emitted, 5);
        // at most the window beyond the last answer emitted was started
        assert!(
            started.into_inner() <= 5 + 2 * AHEAD_PER_JOB,
            "too many reads"
        );
    }
}
