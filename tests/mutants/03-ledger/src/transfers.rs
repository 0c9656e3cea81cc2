//! The `/transfers` handler. The hard part, deciding before writing, is
//! `Ledger::transfer`; here it is one call under one write lock.

use axum::extract::State;
use axum::Json;

use crate::error::LedgerError;
use crate::extract::AppJson;
use crate::model::{Transfer, Transferred};
use crate::store::AppState;

pub async fn transfer(
    State(state): State<AppState>,
    AppJson(transfer): AppJson<Transfer>,
) -> Result<Json<Transferred>, LedgerError> {
    let transferred = state.write().transfer(transfer)?;
    tracing::info!(
        from = transfer.from,
        to = transfer.to,
        amount = transfer.amount,
        "transfer"
    );
    Ok(Json(transferred))
}
