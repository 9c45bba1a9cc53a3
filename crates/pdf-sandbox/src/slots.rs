//! How many render children may run at once: a counting semaphore whose wait is bounded.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

pub(crate) struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

/// A running child's place; dropping it frees the place.
pub(crate) struct Slot<'a>(&'a Slots);

impl Slots {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            free: Mutex::new(n.max(1)),
            freed: Condvar::new(),
        }
    }

    /// A place, waiting for one at most `wait`.
    pub(crate) fn take(&self, wait: Duration) -> Option<Slot<'_>> {
        let until = Instant::now() + wait;
        let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
        while *free == 0 {
            let left = until.checked_duration_since(Instant::now())?;
            free = self
                .freed
                .wait_timeout(free, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        *free -= 1;
        Some(Slot(self))
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_bounded_and_come_back() {
        let slots = Slots::new(2);
        let a = slots.take(Duration::ZERO).unwrap();
        let _b = slots.take(Duration::ZERO).unwrap();
        assert!(slots.take(Duration::from_millis(20)).is_none());
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(30));
                drop(a);
            });
            // Freed while waiting.
            assert!(slots.take(Duration::from_secs(5)).is_some());
        });
    }
}
