//! Bounded OCR execution.
//!
//! Two bounds keep the server's memory and latency predictable under any load:
//!
//! * **Admission** (`workers + queue` tickets): a request takes a ticket before its body is
//!   read and keeps it until its answer is ready. With none left, the request is answered at
//!   once as busy (HTTP 503 `RATE_LIMIT_EXCEEDED`, Tencent `ServiceUnavailable`), so at most
//!   `workers + queue` bodies (8 MiB each at most) are ever buffered.
//! * **Workers** (`workers` permits): OCR runs on tokio's blocking pool, at most `workers`
//!   reads at a time; admitted requests wait for a permit in FIFO order until their deadline.
//!
//! A read that outlives its request's deadline still finishes on its worker (ONNX Runtime
//! cannot be interrupted) and keeps the permit until then, so the machine is never
//! oversubscribed; only its answer is dropped.

use super::CardReader;
use ktp_ocr::{Error, KtpReading, ReadOptions};
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Why a read produced no reading.
#[derive(Debug)]
pub enum ReadFailure {
    /// The engine refused or failed the image.
    Engine(Error),
    /// No worker came free before the request's deadline.
    QueueTimeout,
    /// The read did not finish before the request's deadline.
    Timeout,
    /// The engine panicked; the server goes on.
    Panicked,
}

/// A place among the admitted requests; dropping it frees the place.
#[derive(Debug)]
pub struct Ticket(#[allow(dead_code)] OwnedSemaphorePermit);

pub struct Workers {
    reader: Arc<dyn CardReader>,
    run: Arc<Semaphore>,
    admit: Arc<Semaphore>,
    workers: usize,
    queue: usize,
}

/// A snapshot for the health endpoint.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Load {
    pub workers: usize,
    pub queue: usize,
    /// Reads running now.
    pub busy: usize,
    /// Admitted requests not running (reading their body, waiting for a worker, answering).
    pub waiting: usize,
}

impl Workers {
    pub fn new(reader: Arc<dyn CardReader>, workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        Self {
            reader,
            run: Arc::new(Semaphore::new(workers)),
            admit: Arc::new(Semaphore::new(workers + queue)),
            workers,
            queue,
        }
    }

    /// A ticket, or `None` when `workers + queue` requests are already admitted.
    pub fn try_admit(&self) -> Option<Ticket> {
        self.admit.clone().try_acquire_owned().ok().map(Ticket)
    }

    pub fn load(&self) -> Load {
        let busy = self.workers - self.run.available_permits().min(self.workers);
        let admitted = (self.workers + self.queue) - self.admit.available_permits();
        Load {
            workers: self.workers,
            queue: self.queue,
            busy,
            waiting: admitted.saturating_sub(busy),
        }
    }

    /// Read a card on a worker, waiting for one until `deadline`.
    pub async fn read(
        &self,
        ticket: &Ticket,
        bytes: Vec<u8>,
        options: ReadOptions,
        deadline: Instant,
    ) -> Result<KtpReading, ReadFailure> {
        let _ = ticket;
        self.reader.check(&bytes).map_err(ReadFailure::Engine)?;
        let permit = match tokio::time::timeout_at(deadline, self.run.clone().acquire_owned()).await
        {
            Ok(Ok(p)) => p,
            // The semaphore is never closed; treat it like a full queue all the same.
            Ok(Err(_)) | Err(_) => return Err(ReadFailure::QueueTimeout),
        };
        let reader = self.reader.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            reader.read_card(&bytes, &options)
        });
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(Ok(reading))) => Ok(reading),
            Ok(Ok(Err(e))) => Err(ReadFailure::Engine(e)),
            Ok(Err(join)) if join.is_panic() => Err(ReadFailure::Panicked),
            Ok(Err(_)) => Err(ReadFailure::Timeout),
            Err(_) => Err(ReadFailure::Timeout),
        }
    }
}
