//! The state the handlers share, and each request's one critical section.
//!
//! Mutations here: `duplicate-overwrites`, `unknown-client-created`, and the
//! two-lock versions of a request that `racy-counter`, `racy-bucket` and
//! `racy-create` run.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use crate::bucket::{Bucket, Limits};
use crate::error::AppError;
use crate::model::{ClientView, Taken};
use crate::mutation::{self, Mutation};

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
    /// MUTATION racy-counter: `allowed` moved out of the bucket into a map of its own,
    /// "so that counting does not hold up the buckets' lock". Only that mutation uses
    /// it.
    allowed: Arc<Mutex<HashMap<String, u64>>>,
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
        if mutation::active() == Some(Mutation::DuplicateOverwrites) {
            // MUTATION duplicate-overwrites: Go's `l.clients[name] = b` without the
            // lookup before it; a taken name gets a fresh bucket, and a 201.
            let bucket = Bucket::new(limits, now);
            let client = ClientView::new(&name, &bucket, now);
            clients.insert(name, bucket);
            return Ok(client);
        }
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
        let mut client = {
            let clients = self.lock();
            let bucket = clients.get(name).ok_or_else(|| not_found(name))?;
            ClientView::new(name, bucket, Instant::now())
        };
        if mutation::active() == Some(Mutation::RacyCounter) {
            // MUTATION racy-counter: the count kept outside the buckets' lock.
            client.allowed = self.allowed(name);
        }
        Ok(client)
    }

    /// One request by the client: a token, or a `429`; counted either way, once, by
    /// the bucket, under the same guard that decided.
    pub fn take(&self, name: &str) -> Result<Taken, AppError> {
        let mut clients = self.lock();
        let now = Instant::now();
        let bucket = match mutation::active() {
            // MUTATION unknown-client-created: the habit of per-IP limiters, a bucket
            // for every caller on first sight, `entry(..).or_insert_with(..)`.
            Some(Mutation::UnknownClientCreated) => clients
                .entry(name.to_owned())
                .or_insert_with(|| Bucket::new(Limits::GO_DEFAULT, now)),
            _ => clients.get_mut(name).ok_or_else(|| not_found(name))?,
        };
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
            .ok_or_else(|| not_found(name))?;
        if mutation::active() == Some(Mutation::RacyCounter) {
            // MUTATION racy-counter: a deleted client's count goes with it.
            self.allowed_counts().remove(name);
        }
        Ok(())
    }

    /// MUTATION racy-create: `create` in two critical sections. "Is the name free?"
    /// under one lock, the insert under another, an `.await` in between: every create
    /// that checks during another's pause finds the name free, and each overwrites the
    /// one before it with a 201.
    pub async fn create_in_two(
        &self,
        name: String,
        limits: Limits,
    ) -> Result<ClientView, AppError> {
        let taken = self.lock().contains_key(&name);
        if taken {
            return Err(AppError::ClientExists(name));
        }
        mutation::pause_for(mutation::CREATE_PAUSE).await;
        let mut clients = self.lock();
        let now = Instant::now();
        let bucket = Bucket::new(limits, now);
        let client = ClientView::new(&name, &bucket, now);
        clients.insert(name, bucket);
        Ok(client)
    }

    /// MUTATION racy-bucket: `take` in two critical sections. "Is there a token?"
    /// under one lock, "spend it" under another, an `.await` in between: every take
    /// that checks during another's pause sees the same token, and all of them spend
    /// it.
    pub async fn take_in_two(&self, name: &str) -> Result<Taken, AppError> {
        self.lock()
            .get_mut(name)
            .ok_or_else(|| not_found(name))?
            .check(Instant::now())
            .map_err(|retry_after| AppError::RateLimited {
                name: name.to_owned(),
                retry_after,
            })?;
        mutation::pause().await;
        let remaining = self
            .lock()
            .get_mut(name)
            .ok_or_else(|| not_found(name))?
            .spend(Instant::now());
        Ok(Taken::new(remaining))
    }

    fn allowed_counts(&self) -> MutexGuard<'_, HashMap<String, u64>> {
        self.allowed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// MUTATION racy-counter: the client's `allowed`, as kept outside the buckets.
    fn allowed(&self, name: &str) -> u64 {
        self.allowed_counts().get(name).copied().unwrap_or(0)
    }

    /// MUTATION racy-counter: `n := allowed[name]`, an `.await`, `allowed[name] = n + 1`.
    /// Each step is under the lock, and the lock is released in between: every take
    /// that reads during another's pause reads the same `n`, and one `n + 1` wins.
    pub async fn count_allowed(&self, name: &str) {
        let n = self.allowed(name);
        mutation::pause().await;
        self.allowed_counts().insert(name.to_owned(), n + 1);
    }
}

fn not_found(name: &str) -> AppError {
    AppError::ClientNotFound(name.to_owned())
}
