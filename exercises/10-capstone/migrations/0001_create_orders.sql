-- The catalogue, the orders with their lines, and the idempotency keys of POST /orders.

-- What can be ordered, at what price (in cents). Seeded here: the service has no
-- endpoint that changes it.
CREATE TABLE products (
    sku              TEXT PRIMARY KEY,
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents > 0)
);

INSERT INTO products (sku, unit_price_cents) VALUES
    ('tea', 450),
    ('coffee', 900),
    ('mug', 1200),
    ('kettle', 3500);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    status      TEXT    NOT NULL DEFAULT 'placed'
                CHECK (status IN ('placed', 'shipped', 'cancelled')),
    -- NULL when the client sent none; "" is a note like any other.
    note        TEXT,
    total_cents INTEGER NOT NULL
);

-- One row per line of an order, in the order the client sent them.
CREATE TABLE order_items (
    order_id         INTEGER NOT NULL REFERENCES orders (id),
    line             INTEGER NOT NULL,
    sku              TEXT    NOT NULL REFERENCES products (sku),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    -- The price when the order was placed: a later price change does not rewrite it.
    unit_price_cents INTEGER NOT NULL,
    PRIMARY KEY (order_id, line)
);

-- A POST /orders with an Idempotency-Key: the request it came with (the body as the
-- service understood it, re-encoded) and the order it made. A retry with the same key
-- and the same request gets that order back; with another request, a 409.
CREATE TABLE idempotency_keys (
    key      TEXT    PRIMARY KEY,
    request  TEXT    NOT NULL,
    order_id INTEGER NOT NULL REFERENCES orders (id)
);
