//! Batching across calls: the model inputs of several cards read at the same time go to the
//! model in one call. On a GPU a call costs about the same for one card as for many, so this
//! is what makes it pay (docs/gpu.md); on the CPU a call costs by its size and batching
//! only changes the padding, so the engine batches only when asked ([`BatchPolicy`]).
//!
//! There is no batching thread. A caller queues its request and waits; while fewer than
//! `runners` calls are running and its own request is still queued, it becomes a runner: it
//! takes the requests queued at that moment (its own among them, up to the policy's cards,
//! only ones that fit together), runs them as one, and hands every request its share. So a
//! request alone runs at once, with no waiting for company, and requests that arrive while
//! the model is busy go together in the next call ("natural" batching): the busier the
//! engine, the larger the batches.

use crate::error::{Error, Result};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

/// Sessions per model when batching across cards: one call runs while the next one's
/// inputs are copied in and the last one's outputs decoded, so the device seldom idles;
/// more would only split the batches (and each GPU session holds its own memory).
pub const BATCH_SESSIONS: usize = 2;

/// How many cards' inputs one model call may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchPolicy {
    /// Requests (one card's detection input, one card's lines) per model call, at least 1.
    /// 1 is no batching across cards: each request runs alone, in the caller's thread.
    pub cards: usize,
}

impl Default for BatchPolicy {
    fn default() -> Self {
        Self { cards: 1 }
    }
}

impl BatchPolicy {
    /// Batching across cards is on.
    pub fn across_cards(&self) -> bool {
        self.cards > 1
    }
}

/// How much the batching did: runs made and the requests they carried. A detection run is
/// one model call; a recognition run is one call per width group of its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchStats {
    pub calls: u64,
    pub requests: u64,
}

impl BatchStats {
    /// Mean requests (cards) per call, 0 for none.
    pub fn mean_batch(&self) -> f64 {
        if self.calls == 0 {
            0.0
        } else {
            self.requests as f64 / self.calls as f64
        }
    }
}

/// One caller's items, waiting to be run.
struct Request<I> {
    id: u64,
    items: Vec<I>,
}

struct State<I, O> {
    queue: VecDeque<Request<I>>,
    /// Calls running now.
    running: usize,
    /// Finished requests, by id, until their callers collect them.
    done: HashMap<u64, Result<Vec<O>>>,
    next_id: u64,
}

/// Gathers the requests of concurrent callers into shared runs (see the module's text).
pub struct Batcher<I, O> {
    policy: BatchPolicy,
    /// Runs at once at most: the sessions of the model.
    runners: usize,
    state: Mutex<State<I, O>>,
    changed: Condvar,
    calls: AtomicU64,
    requests: AtomicU64,
}

impl<I, O> Batcher<I, O> {
    pub fn new(policy: BatchPolicy, runners: usize) -> Self {
        Self {
            policy: BatchPolicy {
                cards: policy.cards.max(1),
            },
            runners: runners.max(1),
            state: Mutex::new(State {
                queue: VecDeque::new(),
                running: 0,
                done: HashMap::new(),
                next_id: 0,
            }),
            changed: Condvar::new(),
            calls: AtomicU64::new(0),
            requests: AtomicU64::new(0),
        }
    }

    pub fn stats(&self) -> BatchStats {
        BatchStats {
            calls: self.calls.load(Ordering::Relaxed),
            requests: self.requests.load(Ordering::Relaxed),
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, State<I, O>>> {
        self.state.lock().map_err(|_| poisoned())
    }

    /// Run `items` with whatever other requests are waiting, and return the outputs of
    /// `items`, one per item in order. `run` maps a list of items to one output each, in
    /// order; `fits(a, b)` says whether two items may share a run (the first taken decides).
    pub fn submit(
        &self,
        items: Vec<I>,
        run: impl Fn(Vec<I>) -> Result<Vec<O>>,
        fits: impl Fn(&I, &I) -> bool,
    ) -> Result<Vec<O>> {
        if !self.policy.across_cards() {
            self.count(1);
            return run(items);
        }
        let mut state = self.lock()?;
        let id = state.next_id;
        state.next_id += 1;
        state.queue.push_back(Request { id, items });
        loop {
            if let Some(out) = state.done.remove(&id) {
                return out;
            }
            let queued = state.queue.iter().any(|r| r.id == id);
            if queued && state.running < self.runners {
                let taken = self.take(&mut state.queue, &fits);
                state.running += 1;
                drop(state);
                self.run_taken(taken, &run)?;
                state = self.lock()?;
                continue;
            }
            state = self.changed.wait(state).map_err(|_| poisoned())?;
        }
    }

    /// The requests of the next run: the first queued and, in queue order, the others whose
    /// items fit its first item, up to the policy's cards.
    fn take(
        &self,
        queue: &mut VecDeque<Request<I>>,
        fits: &impl Fn(&I, &I) -> bool,
    ) -> Vec<Request<I>> {
        let mut taken = Vec::new();
        let mut kept = VecDeque::new();
        while let Some(r) = queue.pop_front() {
            let fits_run = match taken.first().and_then(|t: &Request<I>| t.items.first()) {
                None => true,
                Some(head) => r.items.iter().all(|i| fits(head, i)),
            };
            if fits_run && taken.len() < self.policy.cards {
                taken.push(r);
            } else {
                kept.push_back(r);
            }
        }
        *queue = kept;
        taken
    }

    /// Run the taken requests as one and leave each its outputs (or the error) in `done`.
    /// A panic in `run` still leaves every request an answer and frees the runner's place,
    /// so no caller waits forever.
    fn run_taken(
        &self,
        taken: Vec<Request<I>>,
        run: &impl Fn(Vec<I>) -> Result<Vec<O>>,
    ) -> Result<()> {
        let shares: Vec<(u64, usize)> = taken.iter().map(|r| (r.id, r.items.len())).collect();
        let mut guard = RunGuard {
            batcher: self,
            shares: &shares,
            finished: false,
        };
        self.count(shares.len() as u64);
        let items: Vec<I> = taken.into_iter().flat_map(|r| r.items).collect();
        let expected = items.len();
        let outcome = match run(items) {
            Ok(outs) if outs.len() == expected => Ok(outs),
            Ok(outs) => Err(Error::Internal(format!(
                "a batched model call gave {} outputs for {expected} inputs",
                outs.len()
            ))),
            Err(e) => Err(e),
        };
        let mut state = self.lock()?;
        match outcome {
            Ok(outs) => {
                let mut outs = outs.into_iter();
                for &(id, n) in &shares {
                    state.done.insert(id, Ok(outs.by_ref().take(n).collect()));
                }
            }
            Err(e) => {
                for &(id, _) in &shares {
                    state.done.insert(id, Err(e.clone()));
                }
            }
        }
        state.running -= 1;
        guard.finished = true;
        drop(state);
        self.changed.notify_all();
        Ok(())
    }

    fn count(&self, requests: u64) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.requests.fetch_add(requests, Ordering::Relaxed);
    }
}

fn poisoned() -> Error {
    Error::Internal("batch queue lock poisoned".into())
}

/// Answers a run's requests with an error and frees its place when the run unwinds.
struct RunGuard<'a, I, O> {
    batcher: &'a Batcher<I, O>,
    shares: &'a [(u64, usize)],
    finished: bool,
}

impl<I, O> Drop for RunGuard<'_, I, O> {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // The lock may be poisoned by the panic elsewhere; its data is still consistent
        // (every change under it is a single insert or counter step).
        let mut state = match self.batcher.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        for &(id, _) in self.shares {
            state.done.insert(
                id,
                Err(Error::Internal("a batched model call panicked".into())),
            );
        }
        state.running -= 1;
        drop(state);
        self.batcher.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Barrier};
    use std::thread;
    use std::time::Duration;

    /// Doubles each item; records the size of each run; slow enough that callers pile up.
    fn doubling(runs: &Mutex<Vec<usize>>) -> impl Fn(Vec<u32>) -> Result<Vec<u32>> + '_ {
        move |items| {
            runs.lock().unwrap().push(items.len());
            thread::sleep(Duration::from_millis(30));
            Ok(items.into_iter().map(|i| i * 2).collect())
        }
    }

    fn any(_: &u32, _: &u32) -> bool {
        true
    }

    #[test]
    fn one_card_policy_runs_each_request_alone_in_the_caller() {
        let b = Batcher::new(BatchPolicy::default(), 1);
        let runs = Mutex::new(Vec::new());
        assert_eq!(
            b.submit(vec![1, 2, 3], doubling(&runs), any).unwrap(),
            [2, 4, 6]
        );
        assert_eq!(*runs.lock().unwrap(), [3]);
        assert_eq!(
            b.stats(),
            BatchStats {
                calls: 1,
                requests: 1
            }
        );
    }

    #[test]
    fn concurrent_requests_share_runs_and_each_gets_its_own_outputs() {
        let b = Arc::new(Batcher::new(BatchPolicy { cards: 8 }, 1));
        let runs = Arc::new(Mutex::new(Vec::new()));
        let start = Arc::new(Barrier::new(8));
        let handles: Vec<_> = (0..8u32)
            .map(|t| {
                let (b, runs, start) = (b.clone(), runs.clone(), start.clone());
                thread::spawn(move || {
                    start.wait();
                    let items: Vec<u32> = (0..=t).map(|k| 100 * t + k).collect();
                    let out = b.submit(items.clone(), doubling(&runs), any).unwrap();
                    assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap();
        }
        let runs = runs.lock().unwrap();
        // 36 items in all; the first run may go alone, the rest wait for it and go together
        assert_eq!(runs.iter().sum::<usize>(), 36);
        assert!(runs.len() < 8, "no request shared a run: {runs:?}");
        let stats = b.stats();
        assert_eq!(stats.requests, 8);
        assert_eq!(stats.calls as usize, runs.len());
    }

    #[test]
    fn a_run_takes_at_most_the_policy_s_cards_and_only_items_that_fit() {
        let b: Batcher<u32, u32> = Batcher::new(BatchPolicy { cards: 2 }, 1);
        let mut queue: VecDeque<Request<u32>> = [1u32, 2, 11, 3, 4]
            .into_iter()
            .enumerate()
            .map(|(id, i)| Request {
                id: id as u64,
                items: vec![i],
            })
            .collect();
        let same_tens = |a: &u32, b: &u32| a / 10 == b / 10;
        let taken = b.take(&mut queue, &same_tens);
        assert_eq!(taken.iter().map(|r| r.items[0]).collect::<Vec<_>>(), [1, 2]);
        // what was left keeps its order
        assert_eq!(
            queue.iter().map(|r| r.items[0]).collect::<Vec<_>>(),
            [11, 3, 4]
        );
        let taken = b.take(&mut queue, &same_tens);
        assert_eq!(taken.iter().map(|r| r.items[0]).collect::<Vec<_>>(), [11]);
    }

    /// `n` threads that each submit their number at the same moment through one batcher;
    /// what each thread ended with.
    fn submit_at_once(
        b: &Arc<Batcher<u32, u32>>,
        n: u32,
        run: fn(Vec<u32>) -> Result<Vec<u32>>,
    ) -> Vec<thread::Result<Result<Vec<u32>>>> {
        let start = Arc::new(Barrier::new(n as usize));
        let handles: Vec<_> = (0..n)
            .map(|t| {
                let (b, start) = (b.clone(), start.clone());
                thread::spawn(move || {
                    start.wait();
                    b.submit(vec![t], run, any)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join()).collect()
    }

    #[test]
    fn an_error_reaches_every_request_of_the_run() {
        let b = Arc::new(Batcher::new(BatchPolicy { cards: 4 }, 1));
        let failing = |_| -> Result<Vec<u32>> {
            thread::sleep(Duration::from_millis(20));
            Err(Error::Internal("model failed".into()))
        };
        for ended in submit_at_once(&b, 4, failing) {
            let e = ended.unwrap().unwrap_err();
            assert!(e.to_string().contains("model failed"), "{e}");
        }
    }

    #[test]
    fn a_panicking_run_answers_the_others_instead_of_leaving_them_waiting() {
        let b = Arc::new(Batcher::new(BatchPolicy { cards: 4 }, 1));
        let crashing = |items: Vec<u32>| -> Result<Vec<u32>> {
            thread::sleep(Duration::from_millis(20));
            if items.contains(&0) {
                panic!("model crashed");
            }
            Ok(items)
        };
        // Every thread ends: the one that ran the panicking call panics, the others get
        // either an error (they shared the call) or their outputs (they ran later).
        let mut panicked = 0;
        for ended in submit_at_once(&b, 3, crashing) {
            match ended {
                Err(_) => panicked += 1,
                Ok(Err(e)) => assert!(e.to_string().contains("panicked"), "{e}"),
                Ok(Ok(out)) => assert_eq!(out.len(), 1),
            }
        }
        assert_eq!(panicked, 1);
        // and the batcher still serves
        assert_eq!(b.submit(vec![5], Ok, any).unwrap(), [5]);
    }
}
