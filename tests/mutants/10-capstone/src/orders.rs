//! The `/orders` handlers: extract, check, call the store, count, log, answer.
//! Mutations here: `count-before-validation`, `replay-counted`, `max-items-hardcoded`.
//!
//! Every `tracing` event here is inside the request's span (see `telemetry.rs`), so it
//! carries the request id without being told.

use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::config::Limits;
use crate::error::OrderError;
use crate::extract::{AppJson, IdempotencyKey, OrderId, Pagination};
use crate::model::{CreateOrder, Order, Page, Status};
use crate::mutation::{self, Mutation};
use crate::routes::AppState;
use crate::store::Placed;

static IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

/// `POST /orders` → `201` with the new order; a retry with the same `Idempotency-Key`
/// and body → `201` with the same order and `Idempotent-Replayed: true`.
///
/// The extractors run in argument order: the key (400), then the body (415, 400). The
/// rules (422) come next, then the store (unknown sku, reused key). The counter moves
/// only for an order that was stored: a refused request, or a replay, is no new order.
pub async fn create(
    State(state): State<AppState>,
    IdempotencyKey(key): IdempotencyKey,
    AppJson(body): AppJson<CreateOrder>,
) -> Result<Response, OrderError> {
    // MUTATION count-before-validation: the counter moves as the handler starts, as
    // Go's `ordersCreated.Add(1)` at the top of a handler would: refusals count too.
    let early = mutation::active() == Some(Mutation::CountBeforeValidation);
    if early {
        state.metrics.orders_created.fetch_add(1, Ordering::Relaxed);
    }
    let limits = match mutation::active() {
        // MUTATION max-items-hardcoded: the Go file's `const maxItems = 100`, carried
        // over, instead of the configured --max-items / ORDERS_MAX_ITEMS.
        Some(Mutation::MaxItemsHardcoded) => Limits {
            max_items: 100,
            ..state.limits
        },
        _ => state.limits,
    };
    let order = body.check(&limits)?;
    match state.store.create(&order, key.as_deref()).await? {
        Placed::New(order) => {
            if !early {
                state.metrics.orders_created.fetch_add(1, Ordering::Relaxed);
            }
            tracing::info!(
                order_id = order.id,
                total_cents = order.total_cents,
                "order placed"
            );
            Ok((StatusCode::CREATED, Json(order)).into_response())
        }
        Placed::Replayed(order) => {
            // MUTATION replay-counted: the counter moves for every 201, replays included.
            if mutation::active() == Some(Mutation::ReplayCounted) {
                state.metrics.orders_created.fetch_add(1, Ordering::Relaxed);
            }
            tracing::info!(order_id = order.id, "order replayed");
            let replayed = [(
                IDEMPOTENT_REPLAYED.clone(),
                HeaderValue::from_static("true"),
            )];
            Ok((StatusCode::CREATED, replayed, Json(order)).into_response())
        }
    }
}

/// `GET /orders/{id}` → `200`, or `404 order_not_found`.
pub async fn show(
    State(state): State<AppState>,
    OrderId(id): OrderId,
) -> Result<Json<Order>, OrderError> {
    Ok(Json(state.store.get(id).await?))
}

/// `GET /orders?limit=&offset=` → one page of orders by id.
pub async fn list(
    State(state): State<AppState>,
    page: Pagination,
) -> Result<Json<Page>, OrderError> {
    let (items, total) = state.store.list(page.limit, page.offset).await?;
    Ok(Json(Page {
        items,
        total,
        limit: page.limit,
        offset: page.offset,
    }))
}

/// `POST /orders/{id}/cancel` → `200` with the cancelled order; `409` when it has
/// shipped or is already cancelled.
pub async fn cancel(
    State(state): State<AppState>,
    OrderId(id): OrderId,
) -> Result<Json<Order>, OrderError> {
    let order = state.store.transition(id, Status::Cancelled).await?;
    state
        .metrics
        .orders_cancelled
        .fetch_add(1, Ordering::Relaxed);
    tracing::info!(order_id = id, "order cancelled");
    Ok(Json(order))
}

/// `POST /orders/{id}/ship` → books the carrier (`ship_delay`), then `200` with the
/// shipped order. The slow request a graceful shutdown must let finish.
pub async fn ship(
    State(state): State<AppState>,
    OrderId(id): OrderId,
) -> Result<Json<Order>, OrderError> {
    // Refuse at once what cannot ship, rather than after booking a carrier for it.
    let from = state.store.status(id).await?;
    if from != Status::Placed {
        return Err(OrderError::InvalidTransition {
            id,
            from,
            to: Status::Shipped,
        });
    }
    tracing::info!(order_id = id, "booking carrier");
    // When the client hangs up, axum drops this future here: nothing is booked. Go
    // needs a `select` on `r.Context().Done()` for the same.
    tokio::time::sleep(state.limits.ship_delay).await;
    let order = state.store.transition(id, Status::Shipped).await?;
    state.metrics.orders_shipped.fetch_add(1, Ordering::Relaxed);
    tracing::info!(order_id = id, "order shipped");
    Ok(Json(order))
}
