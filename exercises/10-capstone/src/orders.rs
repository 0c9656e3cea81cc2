//! The `/orders` handlers: your work. Each is a `todo!()` that panics when called (the
//! harness then sees the connection drop).
//!
//! The extractors are in place and run in argument order: the key (`IdempotencyKey`,
//! 400), the id (`OrderId`, 400) or the page (`Pagination`, 400), then the body
//! (`AppJson`, always last: 415, 400). What is left: the rules (`CreateOrder::check`,
//! 422), the store (`store.rs`), the counters in `state.metrics`, a log line for what
//! happened (`tracing::info!`, inside the request's span), and the answer.

use axum::extract::State;
use axum::response::Response;
use axum::Json;

use crate::error::OrderError;
use crate::extract::{AppJson, IdempotencyKey, OrderId, Pagination};
use crate::model::{CreateOrder, Order, Page};
use crate::routes::AppState;

/// `POST /orders` → `201` with the new order; a retry with the same `Idempotency-Key`
/// and body → `201` with the same order and `Idempotent-Replayed: true`. Only a new
/// order moves `orders_created_total`.
pub async fn create(
    State(_state): State<AppState>,
    IdempotencyKey(_key): IdempotencyKey,
    AppJson(_body): AppJson<CreateOrder>,
) -> Result<Response, OrderError> {
    todo!("check, store.create, count a new order, log, 201 (+ Idempotent-Replayed: true on a replay)")
}

/// `GET /orders/{id}` → `200`, or `404 order_not_found`.
pub async fn show(
    State(_state): State<AppState>,
    OrderId(_id): OrderId,
) -> Result<Json<Order>, OrderError> {
    todo!("GET /orders/{{id}}")
}

/// `GET /orders?limit=&offset=` → one page of orders by id.
pub async fn list(
    State(_state): State<AppState>,
    _page: Pagination,
) -> Result<Json<Page>, OrderError> {
    todo!("GET /orders: items, total, limit, offset")
}

/// `POST /orders/{id}/cancel` → `200` with the cancelled order; `409` when it is not placed.
pub async fn cancel(
    State(_state): State<AppState>,
    OrderId(_id): OrderId,
) -> Result<Json<Order>, OrderError> {
    todo!("transition to Cancelled, count it, log it")
}

/// `POST /orders/{id}/ship` → `409` at once unless placed; else book the carrier
/// (`state.limits.ship_delay`, with `tokio::time::sleep`), then `200` with the shipped
/// order.
pub async fn ship(
    State(_state): State<AppState>,
    OrderId(_id): OrderId,
) -> Result<Json<Order>, OrderError> {
    todo!("status, sleep ship_delay, transition to Shipped, count it, log it")
}
