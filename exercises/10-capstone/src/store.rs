//! The database: opening it (done), and every query of the service (yours).
//!
//! Go's store.go has the SQL; sqlx runs it with `query`, `query_as` (into a
//! `#[derive(FromRow)]` struct) and `query_scalar`, always with `bind`, never `format!`
//! for a value. A `Transaction` that is dropped without `commit()` rolls back.

use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};

use crate::error::OrderError;
use crate::model::{NewOrder, Order, Status};

/// A `DATABASE_URL` that is not `sqlite://` followed by a path.
#[derive(Debug, thiserror::Error)]
#[error("DATABASE_URL={0:?} is not sqlite:// followed by the path of a file")]
pub struct InvalidDatabaseUrl(String);

/// How to open the file that `url` names: `sqlite:///tmp/orders.db` is `/tmp/orders.db`.
pub fn connect_options(url: &str) -> Result<SqliteConnectOptions, InvalidDatabaseUrl> {
    let path = url
        .strip_prefix("sqlite://")
        .filter(|path| !path.is_empty() && !path.contains('?'))
        .ok_or_else(|| InvalidDatabaseUrl(url.to_owned()))?;
    Ok(SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(true)
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5)))
}

/// What `Store::create` did.
#[derive(Debug)]
pub enum Placed {
    /// A new order.
    New(Order),
    /// The order an earlier request with the same idempotency key and body made.
    Replayed(Order),
}

/// The pool, cheap to clone: every handler gets one through the state.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens the database and applies the migrations it has not had yet.
    pub async fn open(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = SqlitePool::connect_with(options).await?;
        sqlx::migrate!().run(&pool).await?;
        Ok(Self { pool })
    }

    /// Waits for the connections in use, then closes them all (the WAL is folded back).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Places `order` in one transaction (the order, its lines at the catalogue's
    /// prices, its total, then the key), or, when `key` was used before, replays what it
    /// made: the same request gets `Placed::Replayed`, another is `409
    /// idempotency_key_reused`. An unknown sku is `422 unknown_sku`, and stores nothing.
    pub async fn create(
        &self,
        _order: &NewOrder,
        _key: Option<&str>,
    ) -> Result<Placed, OrderError> {
        let _ = &self.pool;
        todo!("the order's transaction and the idempotency key (see reference-go/10-capstone/store.go)")
    }

    /// The order with this id, its lines in the order sent, or `404 order_not_found`.
    pub async fn get(&self, _id: i64) -> Result<Order, OrderError> {
        todo!("the orders row (OrderRow), then its lines (Item) ORDER BY line")
    }

    /// One page of orders by id, and how many there are in all.
    pub async fn list(&self, _limit: i64, _offset: i64) -> Result<(Vec<Order>, i64), OrderError> {
        todo!("count(*), then a page ORDER BY id LIMIT ? OFFSET ?")
    }

    /// The status of one order, or `404 order_not_found`.
    pub async fn status(&self, _id: i64) -> Result<Status, OrderError> {
        todo!("SELECT status …: Status is an sqlx::Type, so query_scalar reads it")
    }

    /// Moves a placed order to `to`, or `409 invalid_transition` when it is not placed.
    pub async fn transition(&self, _id: i64, _to: Status) -> Result<Order, OrderError> {
        todo!("one UPDATE … WHERE id = ? AND status = 'placed'; no row changed: 404 or 409")
    }
}
