//! The database: opening it, and every query of the service.
//! Mutations here: `missing-order-panics`, `key-ignores-body`, `key-check-then-insert`,
//! `idempotency-in-memory`,
//! `cancel-shipped`, `empty-note-as-null`, `memory-db`.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use tokio::sync::Mutex;

use crate::error::OrderError;
use crate::model::{Item, NewOrder, Order, OrderRow, Status};
use crate::mutation::{self, Mutation};

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
    /// For `idempotency-in-memory` only: key → (request, order id).
    keys: Arc<Mutex<HashMap<String, (String, i64)>>>,
}

const ORDER_COLUMNS: &str = "id, status, total_cents, note";

impl Store {
    /// Opens the database and applies the migrations it has not had yet.
    pub async fn open(options: SqliteConnectOptions) -> Result<Self, sqlx::Error> {
        let pool = match mutation::active() {
            // MUTATION memory-db: Go's `sql.Open("sqlite", ":memory:")` left in from the
            // tests. One connection, never recycled, since each connection to `:memory:`
            // is a database of its own; a restart starts empty.
            Some(Mutation::MemoryDb) => {
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .idle_timeout(None)
                    .max_lifetime(None)
                    .connect_with(SqliteConnectOptions::from_str("sqlite::memory:")?)
                    .await?
            }
            _ => SqlitePool::connect_with(options).await?,
        };
        sqlx::migrate!("../../../reference-rust/10-capstone/migrations")
            .run(&pool)
            .await?;
        Ok(Self {
            pool,
            keys: Arc::default(),
        })
    }

    /// Waits for the connections in use, then closes them all (the WAL is folded back).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Places `order`, or, when `key` was used before, replays what it made.
    ///
    /// One transaction whose first statement is a write, the order, and whose last is
    /// the key: two requests with the same key take turns for SQLite's write lock, and
    /// the key's PRIMARY KEY decides which came first. The loser's transaction is
    /// dropped, which rolls it back (no `defer tx.Rollback()` to forget), and it
    /// answers with the winner's order.
    pub async fn create(&self, order: &NewOrder, key: Option<&str>) -> Result<Placed, OrderError> {
        // MUTATION idempotency-in-memory: Go's `map[string]*Order` behind a mutex for
        // the keys: right while the process lives (the lock is held for the whole
        // create, so no race), forgotten by a restart.
        if let (Some(Mutation::IdempotencyInMemory), Some(key)) = (mutation::active(), key) {
            let mut keys = self.keys.lock().await;
            if let Some((first, id)) = keys.get(key) {
                if *first != order.request {
                    return Err(OrderError::IdempotencyKeyReused(key.to_owned()));
                }
                return Ok(Placed::Replayed(self.get(*id).await?));
            }
            let placed = Box::pin(self.create(order, None)).await?;
            if let Placed::New(new) = &placed {
                keys.insert(key.to_owned(), (order.request.clone(), new.id));
            }
            return Ok(placed);
        }
        // MUTATION key-check-then-insert: Go's `if _, err := store.KeyOrder(key); err ==
        // sql.ErrNoRows { … create … }`: a read, then the writes, in separate steps. The
        // pause stands for the work between them and makes the race lose every time.
        if let (Some(Mutation::KeyCheckThenInsert), Some(key)) = (mutation::active(), key) {
            let seen: Option<String> =
                sqlx::query_scalar("SELECT key FROM idempotency_keys WHERE key = ?")
                    .bind(key)
                    .fetch_optional(&self.pool)
                    .await?;
            if seen.is_some() {
                return self.replay(key, &order.request).await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let note = match mutation::active() {
            // MUTATION empty-note-as-null: Go's `sql.NullString{String: s, Valid: s != ""}`.
            Some(Mutation::EmptyNoteAsNull) => {
                order.note.as_deref().filter(|note| !note.is_empty())
            }
            _ => order.note.as_deref(),
        };
        let mut tx = self.pool.begin().await?;
        let id: i64 =
            sqlx::query_scalar("INSERT INTO orders (note, total_cents) VALUES (?, 0) RETURNING id")
                .bind(note)
                .fetch_one(&mut *tx)
                .await?;
        let mut total = 0;
        for (index, line) in order.lines.iter().enumerate() {
            let price: i64 =
                sqlx::query_scalar("SELECT unit_price_cents FROM products WHERE sku = ?")
                    .bind(&line.sku)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| OrderError::UnknownSku {
                        index,
                        sku: line.sku.clone(),
                    })?;
            sqlx::query(
                "INSERT INTO order_items (order_id, line, sku, quantity, unit_price_cents) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(index as i64)
            .bind(&line.sku)
            .bind(line.quantity)
            .bind(price)
            .execute(&mut *tx)
            .await?;
            // At most 1000 lines of 1000 at a price that fits: no overflow.
            total += price * line.quantity;
        }
        sqlx::query("UPDATE orders SET total_cents = ? WHERE id = ?")
            .bind(total)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if let Some(key) = key {
            let sql = match mutation::active() {
                Some(Mutation::KeyCheckThenInsert) => {
                    "INSERT INTO idempotency_keys (key, request, order_id) VALUES (?, ?, ?)"
                }
                _ => {
                    "INSERT INTO idempotency_keys (key, request, order_id) VALUES (?, ?, ?) \
                     ON CONFLICT (key) DO NOTHING"
                }
            };
            let inserted = sqlx::query(sql)
                .bind(key)
                .bind(&order.request)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if inserted == 0 {
                drop(tx); // rolls the order back
                return self.replay(key, &order.request).await;
            }
        }
        tx.commit().await?;
        Ok(Placed::New(self.get(id).await?))
    }

    /// The order `key` made, when `request` is the request that made it.
    async fn replay(&self, key: &str, request: &str) -> Result<Placed, OrderError> {
        let (first, id): (String, i64) =
            sqlx::query_as("SELECT request, order_id FROM idempotency_keys WHERE key = ?")
                .bind(key)
                .fetch_one(&self.pool)
                .await?;
        // MUTATION key-ignores-body: the key alone decides, as a Go port that stored
        // only `map[key]orderID` would: another body gets the first order back.
        if first != request && mutation::active() != Some(Mutation::KeyIgnoresBody) {
            return Err(OrderError::IdempotencyKeyReused(key.to_owned()));
        }
        Ok(Placed::Replayed(self.get(id).await?))
    }

    /// The order with this id, or `404 order_not_found`.
    pub async fn get(&self, id: i64) -> Result<Order, OrderError> {
        let row: Option<OrderRow> =
            sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        let row = match mutation::active() {
            // MUTATION missing-order-panics: Go's `order, _ := store.Get(id)` ported as
            // `unwrap()`: a missing order panics the request's task.
            Some(Mutation::MissingOrderPanics) => row.unwrap(),
            _ => row.ok_or(OrderError::OrderNotFound(id))?,
        };
        Ok(row.with_items(self.items(id).await?))
    }

    async fn items(&self, order_id: i64) -> Result<Vec<Item>, sqlx::Error> {
        sqlx::query_as(
            "SELECT sku, quantity, unit_price_cents FROM order_items WHERE order_id = ? ORDER BY line",
        )
        .bind(order_id)
        .fetch_all(&self.pool)
        .await
    }

    /// One page of orders by id, and how many there are in all.
    pub async fn list(&self, limit: i64, offset: i64) -> Result<(Vec<Order>, i64), OrderError> {
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM orders")
            .fetch_one(&self.pool)
            .await?;
        let rows: Vec<OrderRow> = sqlx::query_as(&format!(
            "SELECT {ORDER_COLUMNS} FROM orders ORDER BY id LIMIT ? OFFSET ?"
        ))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let mut orders = Vec::with_capacity(rows.len());
        for row in rows {
            let items = self.items(row.id).await?;
            orders.push(row.with_items(items));
        }
        Ok((orders, total))
    }

    /// The status of one order, or `404 order_not_found`.
    pub async fn status(&self, id: i64) -> Result<Status, OrderError> {
        sqlx::query_scalar("SELECT status FROM orders WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(OrderError::OrderNotFound(id))
    }

    /// Moves a placed order to `to`. The check and the change are one statement, so a
    /// cancel and a ship racing for the same order cannot both win.
    pub async fn transition(&self, id: i64, to: Status) -> Result<Order, OrderError> {
        // MUTATION cancel-shipped: a cancel that only sets the status, as a Go handler
        // that forgot its `if order.Status != "placed"` would.
        let sql = match (mutation::active(), to) {
            (Some(Mutation::CancelShipped), Status::Cancelled) => {
                "UPDATE orders SET status = ? WHERE id = ? AND status != ?"
            }
            _ => "UPDATE orders SET status = ? WHERE id = ? AND status = ?",
        };
        let guard = match (mutation::active(), to) {
            (Some(Mutation::CancelShipped), Status::Cancelled) => Status::Cancelled,
            _ => Status::Placed,
        };
        let changed = sqlx::query(sql)
            .bind(to)
            .bind(id)
            .bind(guard)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if changed == 0 {
            let from = self.status(id).await?; // 404 when there is no such order
            return Err(OrderError::InvalidTransition { id, from, to });
        }
        self.get(id).await
    }
}
