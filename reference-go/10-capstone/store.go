package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: SQLite in pure Go, no cgo
)

// The store's sentinel errors; errors.go turns them into a status and a code. This file
// knows nothing about HTTP.
var (
	ErrOrderNotFound     = errors.New("order not found")
	ErrUnknownSKU        = errors.New("unknown sku")
	ErrInvalidTransition = errors.New("invalid transition")
	ErrKeyReused         = errors.New("idempotency key reused")
)

// The states of an order. An order is placed, then either shipped or cancelled; both
// are final.
const (
	StatusPlaced    = "placed"
	StatusShipped   = "shipped"
	StatusCancelled = "cancelled"
)

// Order is the order resource, exactly as it is sent to clients.
type Order struct {
	ID         int64   `json:"id"`
	Status     string  `json:"status"`
	Items      []Item  `json:"items"`
	TotalCents int64   `json:"total_cents"`
	Note       *string `json:"note"` // nil is null: no note; "" is a note
}

// Item is one line of an order, with the unit price it was sold at.
type Item struct {
	SKU            string `json:"sku"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unit_price_cents"`
}

// NewOrder is an order to place: lines already checked for their quantities, a note
// that may be nil, and the idempotency key with the request it came with ("" when the
// client sent no key).
type NewOrder struct {
	Lines   []Line
	Note    *string
	Key     string
	Request string // the request, re-encoded: what a retry with the same key must match
}

// Line is a line the client asked for: a sku and how many.
type Line struct {
	SKU      string `json:"sku"`
	Quantity int64  `json:"quantity"`
}

// Store keeps the orders in SQLite. A *sql.DB is safe for concurrent use.
type Store struct {
	db *sql.DB
}

// OpenStore opens (creating it if missing) the SQLite file at path and brings its
// schema up to date. What is already in the file is kept.
func OpenStore(ctx context.Context, path string) (*Store, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	// One connection: database/sql's pool becomes the queue for SQLite's one writer
	// (see 05-todos' store.go for the whole story). Inside a transaction, every query
	// must go through the tx, or it waits for itself forever.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db}, nil
}

// Close closes the database; call it after the server has finished its requests.
func (s *Store) Close() error {
	return s.db.Close()
}

// Create places an order and reports whether it is new. With a key that an earlier
// order was placed with, nothing is written: the same request gets that order back
// (created false), another request is ErrKeyReused.
func (s *Store) Create(ctx context.Context, o NewOrder) (order Order, created bool, err error) {
	id, created, err := s.insert(ctx, o)
	if err != nil {
		return Order{}, false, err
	}
	if !created {
		// Replaying: read what the key was first used for, now that our transaction is
		// rolled back and the connection is free again.
		var request string
		err := s.db.QueryRowContext(ctx,
			`SELECT request, order_id FROM idempotency_keys WHERE key = ?`, o.Key).Scan(&request, &id)
		if err != nil {
			return Order{}, false, err
		}
		if request != o.Request {
			return Order{}, false, fmt.Errorf("%w: %q was used for another request", ErrKeyReused, o.Key)
		}
	}
	order, err = s.Get(ctx, id)
	return order, created, err
}

// insert writes the order, its lines and its key in one transaction. When the key is
// taken, it rolls everything back and returns created false.
//
// The order is written first and the key last, on purpose: the first statement of the
// transaction is a write, so two requests with the same key take turns for SQLite's
// write lock instead of both reading "no such key" and both inserting. The key's
// PRIMARY KEY then settles which one came first.
func (s *Store) insert(ctx context.Context, o NewOrder) (id int64, created bool, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, err
	}
	defer tx.Rollback() // a no-op after Commit

	if err := tx.QueryRowContext(ctx,
		`INSERT INTO orders (note, total_cents) VALUES (?, 0) RETURNING id`, o.Note).Scan(&id); err != nil {
		return 0, false, err
	}
	var total int64
	for i, l := range o.Lines {
		var price int64
		err := tx.QueryRowContext(ctx,
			`SELECT unit_price_cents FROM products WHERE sku = ?`, l.SKU).Scan(&price)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, false, fmt.Errorf("%w: items[%d].sku %q is not in the catalogue", ErrUnknownSKU, i, l.SKU)
		}
		if err != nil {
			return 0, false, err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO order_items (order_id, line, sku, quantity, unit_price_cents) VALUES (?, ?, ?, ?, ?)`,
			id, i, l.SKU, l.Quantity, price); err != nil {
			return 0, false, err
		}
		total += price * l.Quantity // at most 1000 lines of 1000 items: no overflow
	}
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET total_cents = ? WHERE id = ?`, total, id); err != nil {
		return 0, false, err
	}
	if o.Key != "" {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO idempotency_keys (key, request, order_id) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			o.Key, o.Request, id)
		if err != nil {
			return 0, false, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return 0, false, err // the deferred Rollback undoes the order
		}
	}
	return id, true, tx.Commit()
}

// Get returns the order with the given id, its lines in the order they were sent.
func (s *Store) Get(ctx context.Context, id int64) (Order, error) {
	var o Order
	var note sql.NullString
	err := s.db.QueryRowContext(ctx,
		`SELECT id, status, note, total_cents FROM orders WHERE id = ?`, id).
		Scan(&o.ID, &o.Status, &note, &o.TotalCents)
	if errors.Is(err, sql.ErrNoRows) {
		return Order{}, fmt.Errorf("%w: no order has id %d", ErrOrderNotFound, id)
	}
	if err != nil {
		return Order{}, err
	}
	if note.Valid {
		o.Note = &note.String
	}
	o.Items, err = s.items(ctx, id)
	return o, err
}

// items reads the lines of one order.
func (s *Store) items(ctx context.Context, orderID int64) ([]Item, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT sku, quantity, unit_price_cents FROM order_items WHERE order_id = ? ORDER BY line`, orderID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []Item{} // never nil: an order has lines, but [] is the honest empty
	for rows.Next() {
		var it Item
		if err := rows.Scan(&it.SKU, &it.Quantity, &it.UnitPriceCents); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}

// List returns one page of orders by id, and how many orders there are in all.
func (s *Store) List(ctx context.Context, limit, offset int64) ([]Order, int64, error) {
	var total int64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM orders`).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM orders ORDER BY id LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, 0, err
		}
		ids = append(ids, id)
	}
	rows.Close() // before the queries below: there is one connection
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	orders := make([]Order, 0, len(ids)) // [] rather than null past the end
	for _, id := range ids {
		o, err := s.Get(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		orders = append(orders, o)
	}
	return orders, total, nil
}

// Status returns the status of one order.
func (s *Store) Status(ctx context.Context, id int64) (string, error) {
	var status string
	err := s.db.QueryRowContext(ctx, `SELECT status FROM orders WHERE id = ?`, id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: no order has id %d", ErrOrderNotFound, id)
	}
	return status, err
}

// Transition moves a placed order to status `to` and returns it. The check and the
// change are one statement (WHERE status = 'placed'), so two requests racing to cancel
// and to ship cannot both win.
func (s *Store) Transition(ctx context.Context, id int64, to string) (Order, error) {
	res, err := s.db.ExecContext(ctx,
		`UPDATE orders SET status = ? WHERE id = ? AND status = ?`, to, id, StatusPlaced)
	if err != nil {
		return Order{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return Order{}, err
	} else if n == 0 {
		// Either no such order, or it is no longer placed: say which.
		status, err := s.Status(ctx, id)
		if err != nil {
			return Order{}, err
		}
		return Order{}, fmt.Errorf("%w: order %d is %s and cannot become %s",
			ErrInvalidTransition, id, status, to)
	}
	return s.Get(ctx, id)
}
