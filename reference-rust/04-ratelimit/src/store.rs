//! The state the handlers share, and each request's one critical section.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use crate::bucket::{Bucket, Limits};
use crate::error::AppError;
use crate::model::{ClientView, Taken};

/// Every client's bucket, by name.
pub type Clients = HashMap<String, Bucket>;

/// What every handler gets through `State`. Cloning it clones the `Arc`, not the
/// clients: every request, on whichever worker thread tokio runs it, sees the same map.
///
/// Go's limiter keeps its map beside a `sync.Mutex` that every method must remember to
/// lock; here the map is *inside* the `Mutex`, and `lock()` is the only way to reach
/// it. What the compiler cannot check is how long a request keeps it. So each request
/// is one method below, a plain `fn`, not `async`, that locks once, and does all of it,
/// look up, refill, decide, count, write, under that one guard. A read under one guard
/// and a write under the next would compile, and lose updates when 200 requests
/// arrive at once; and a plain `fn` cannot hold its guard across an `.await`, because
/// it has none.
///
/// `std::sync::Mutex`, not `tokio::sync::Mutex`: no guard lives across an `.await`. A
/// `Mutex` rather than 03's `RwLock`: nearly every request is a take, which writes, so
/// shared reads would buy nothing.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    clients: Arc<Mutex<Clients>>,
}

impl AppState {
    /// A lock is poisoned when a thread panicked while holding it. Nothing below can
    /// panic between two writes, so the map is never left half-changed: we keep
    /// serving it rather than failing every later request.
    fn lock(&self) -> MutexGuard<'_, Clients> {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new client with a full bucket, unless the name is taken.
    ///
    /// `entry` looks the name up once and keeps the answer: the `Vacant` it hands back
    /// is the proof that the name is free, and inserting through it cannot overwrite.
    /// `contains_key` under one guard and `insert` under another is the Go shape split
    /// in two, and lets several concurrent creates of one name answer `201`.
    pub fn create(&self, name: String, limits: Limits) -> Result<ClientView, AppError> {
        let mut clients = self.lock();
        // Read under the lock: each request's `now` is at least that of the request
        // that held the lock before it, so a bucket's clock only moves forward.
        let now = Instant::now();
        match clients.entry(name) {
            Entry::Occupied(taken) => Err(AppError::ClientExists(taken.key().clone())),
            Entry::Vacant(free) => {
                let bucket = Bucket::new(limits, now);
                let client = ClientView::new(free.key(), &bucket, now);
                free.insert(bucket);
                Ok(client)
            }
        }
    }

    /// The client as it is now.
    pub fn get(&self, name: &str) -> Result<ClientView, AppError> {
        let clients = self.lock();
        let bucket = clients.get(name).ok_or_else(|| not_found(name))?;
        Ok(ClientView::new(name, bucket, Instant::now()))
    }

    /// One request by the client: a token, or a `429`; counted either way, once, by
    /// the bucket, under the same guard that decided.
    pub fn take(&self, name: &str) -> Result<Taken, AppError> {
        let mut clients = self.lock();
        let now = Instant::now();
        let bucket = clients.get_mut(name).ok_or_else(|| not_found(name))?;
        bucket
            .take(now)
            .map(Taken::new)
            .map_err(|retry_after| AppError::RateLimited {
                name: name.to_owned(),
                retry_after,
            })
    }

    pub fn delete(&self, name: &str) -> Result<(), AppError> {
        self.lock()
            .remove(name)
            .map(drop)
            .ok_or_else(|| not_found(name))
    }
}

fn not_found(name: &str) -> AppError {
    AppError::ClientNotFound(name.to_owned())
}
