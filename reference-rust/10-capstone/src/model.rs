//! The JSON shapes, the rows, and the rules of an order.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::config::Limits;
use crate::error::OrderError;

/// The most of one sku in one line.
pub const MAX_QUANTITY: i64 = 1000;

/// Where an order is in its life: placed, then shipped or cancelled, both final.
///
/// Go keeps it in a `string` and compares with constants; here it is an enum, so a
/// typo is a compile error, the `match` on it is exhaustive, and sqlx and serde both
/// read and write it as the lower-case text stored in the `status` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, sqlx::Type)]
#[serde(rename_all = "lowercase")]
#[sqlx(rename_all = "lowercase")]
pub enum Status {
    Placed,
    Shipped,
    Cancelled,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Placed => "placed",
            Self::Shipped => "shipped",
            Self::Cancelled => "cancelled",
        })
    }
}

/// The order resource, as clients get it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: i64,
    pub status: Status,
    pub items: Vec<Item>,
    pub total_cents: i64,
    /// `None` is written as `null`: the client sent no note. `Some("")` is a note.
    pub note: Option<String>,
}

/// One line of an order, at the price it was sold at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Item {
    pub sku: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

/// The row of `orders`, before its items are read.
#[derive(Debug, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub status: Status,
    pub total_cents: i64,
    pub note: Option<String>,
}

impl OrderRow {
    pub fn with_items(self, items: Vec<Item>) -> Order {
        Order {
            id: self.id,
            status: self.status,
            items,
            total_cents: self.total_cents,
            note: self.note,
        }
    }
}

/// The body of `POST /orders`. `items` is required (missing or `null` is
/// `invalid_body`); `note` may be left out or `null`, which serde gives an `Option` field
/// for free. Unknown members are ignored.
#[derive(Debug, Deserialize)]
pub struct CreateOrder {
    pub items: Vec<Line>,
    pub note: Option<String>,
}

/// A line the client asks for. Both members are required.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Line {
    pub sku: String,
    pub quantity: i64,
}

/// An order that passed the rules, ready for the store.
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub lines: Vec<Line>,
    pub note: Option<String>,
    /// The request re-encoded (`{"items":[…],"note":…}`): spacing, key order and
    /// unknown members do not make two requests differ for an idempotency key.
    pub request: String,
}

impl CreateOrder {
    /// The rules, in the contract's order: the number of lines, then each quantity.
    /// (An unknown sku is the store's to find.)
    pub fn check(self, limits: &Limits) -> Result<NewOrder, OrderError> {
        if self.items.is_empty() {
            return Err(OrderError::EmptyOrder);
        }
        if self.items.len() > limits.max_items {
            return Err(OrderError::TooManyItems {
                max: limits.max_items,
                got: self.items.len(),
            });
        }
        if let Some((index, line)) = self
            .items
            .iter()
            .enumerate()
            .find(|(_, line)| !(1..=MAX_QUANTITY).contains(&line.quantity))
        {
            return Err(OrderError::InvalidQuantity {
                index,
                quantity: line.quantity,
            });
        }
        #[derive(Serialize)]
        struct Canonical<'a> {
            items: &'a [Line],
            note: &'a Option<String>,
        }
        let request = serde_json::to_string(&Canonical {
            items: &self.items,
            note: &self.note,
        })
        .expect("strings and integers always serialize");
        Ok(NewOrder {
            lines: self.items,
            note: self.note,
            request,
        })
    }
}

/// `GET /orders`: one page, and how many orders there are in all.
#[derive(Debug, Serialize)]
pub struct Page {
    pub items: Vec<Order>,
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(lines: &[(&str, i64)], note: Option<&str>) -> CreateOrder {
        CreateOrder {
            items: lines
                .iter()
                .map(|&(sku, quantity)| Line {
                    sku: sku.into(),
                    quantity,
                })
                .collect(),
            note: note.map(Into::into),
        }
    }

    #[test]
    fn the_rules_come_in_order() {
        let limits = Limits {
            max_items: 2,
            ..Limits::default()
        };
        let check = |o: CreateOrder| o.check(&limits).map(|_| ()).map_err(|e| e.code());
        assert_eq!(check(order(&[], None)), Err("empty_order"));
        assert_eq!(check(order(&[("x", 0); 3], None)), Err("too_many_items"));
        assert_eq!(
            check(order(&[("tea", 1), ("x", 0)], None)),
            Err("invalid_quantity")
        );
        assert_eq!(
            check(order(&[("tea", 1001)], None)),
            Err("invalid_quantity")
        );
        assert_eq!(check(order(&[("tea", 1000), ("nope", 1)], None)), Ok(()));
    }

    #[test]
    fn the_canonical_request_ignores_spelling() {
        let limits = Limits::default();
        let a = order(&[("tea", 2)], None).check(&limits).expect("valid");
        let b: CreateOrder = serde_json::from_str(
            r#"{ "note": null, "extra": 1, "items": [ {"quantity": 2, "sku": "tea"} ] }"#,
        )
        .expect("valid JSON");
        assert_eq!(a.request, b.check(&limits).expect("valid").request);
        let c = order(&[("tea", 2)], Some(""))
            .check(&limits)
            .expect("valid");
        assert_ne!(a.request, c.request, "a note of \"\" is not no note");
    }
}
