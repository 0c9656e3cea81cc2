//! The database: opening it, and every query of the service.

use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool};

use crate::error::OrderError;
use crate::model::{Item, NewOrder, Order, OrderRow, Status};

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

const ORDER_COLUMNS: &str = "id, status, total_cents, note";

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

    /// Places `order`, or, when `key` was used before, replays what it made.
    ///
    /// One transaction whose first statement is a write, the order, and whose last is
    /// the key: two requests with the same key take turns for SQLite's write lock, and
    /// the key's PRIMARY KEY decides which came first. The loser's transaction is
    /// dropped, which rolls it back (no `defer tx.Rollback()` to forget), and it
    /// answers with the winner's order.
    pub async fn create(&self, order: &NewOrder, key: Option<&str>) -> Result<Placed, OrderError> {
        let mut tx = self.pool.begin().await?;
        let id: i64 =
            sqlx::query_scalar("INSERT INTO orders (note, total_cents) VALUES (?, 0) RETURNING id")
                .bind(&order.note)
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
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys (key, request, order_id) VALUES (?, ?, ?) \
                 ON CONFLICT (key) DO NOTHING",
            )
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
        if first != request {
            return Err(OrderError::IdempotencyKeyReused(key.to_owned()));
        }
        Ok(Placed::Replayed(self.get(id).await?))
    }

    /// The order with this id, or `404 order_not_found`.
    pub async fn get(&self, id: i64) -> Result<Order, OrderError> {
        let row: OrderRow =
            sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?
                .ok_or(OrderError::OrderNotFound(id))?;
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
        let changed = sqlx::query("UPDATE orders SET status = ? WHERE id = ? AND status = ?")
            .bind(to)
            .bind(id)
            .bind(Status::Placed)
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
