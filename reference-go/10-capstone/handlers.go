package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// The limits of the contract that are not configuration.
const (
	maxQuantity  = 1000 // of one line
	defaultLimit = 20
	maxLimit     = 100
)

// idempotencyKeyHeader makes a retried POST /orders safe: the same key and body get
// the order the first attempt made instead of a second one.
const idempotencyKeyHeader = "Idempotency-Key"

// createOrderRequest is the body of POST /orders. Pointers, so that a missing or null
// "items" (invalid_body) is told apart from "items": [] (empty_order, 422).
type createOrderRequest struct {
	Items *[]lineRequest `json:"items"`
	Note  *string        `json:"note"` // missing and null are both "no note"
}

type lineRequest struct {
	SKU      *string `json:"sku"`
	Quantity *int64  `json:"quantity"`
}

// canonicalRequest is a create request as the service understood it, re-encoded: two
// bodies that differ only in spacing, key order or unknown fields are the same request
// for an idempotency key.
type canonicalRequest struct {
	Items []Line  `json:"items"`
	Note  *string `json:"note"`
}

type listResponse struct {
	Items  []Order `json:"items"`
	Total  int64   `json:"total"`
	Limit  int64   `json:"limit"`
	Offset int64   `json:"offset"`
}

type healthResponse struct {
	Status string `json:"status"`
}

// handleHealth answers GET /health: run opens the database before listening, so a
// server that answers is ready.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, r, http.StatusOK, healthResponse{Status: "ok"})
}

// handleMetrics answers GET /metrics in Prometheus's text format.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", metricsContentType)
	if _, err := s.metrics.WriteTo(w); err != nil {
		slog.WarnContext(r.Context(), "writing metrics", "err", err)
	}
}

// handleCreateOrder answers POST /orders with the new order and 201; a retry with the
// same Idempotency-Key and body gets the same order, 201 and Idempotent-Replayed: true.
//
// The checks come in the contract's order: the key, the body's shape (415, 400), the
// rules on its values (422), then the database (unknown sku, a reused key). The
// counter moves only once the order is stored: a refused request is no order.
func (s *Server) handleCreateOrder(w http.ResponseWriter, r *http.Request) {
	key, err := idempotencyKey(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var req createOrderRequest
	if err := decodeJSON(r, &req); err != nil {
		writeError(w, r, err)
		return
	}
	newOrder, err := s.checkOrder(req)
	if err != nil {
		writeError(w, r, err)
		return
	}
	newOrder.Key = key
	order, created, err := s.store.Create(r.Context(), newOrder)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if created {
		s.metrics.ordersCreated.Add(1)
		slog.InfoContext(r.Context(), "order placed", "order_id", order.ID, "total_cents", order.TotalCents)
	} else {
		w.Header().Set("Idempotent-Replayed", "true")
		slog.InfoContext(r.Context(), "order replayed", "order_id", order.ID)
	}
	writeJSON(w, r, http.StatusCreated, order)
}

// idempotencyKey returns the request's Idempotency-Key, "" when it has none. A key
// that is present must be 1 to 128 letters, digits, '-', '_', '.' or ':'.
func idempotencyKey(r *http.Request) (string, error) {
	values := r.Header.Values(idempotencyKeyHeader)
	if len(values) == 0 { // Get would say "" for an empty header too
		return "", nil
	}
	if !validRequestID(values[0]) {
		return "", Errorf(EINVALID, "invalid_idempotency_key",
			"%s must be 1 to %d letters, digits, '-', '_', '.' or ':'", idempotencyKeyHeader, maxRequestIDLen)
	}
	return values[0], nil
}

// checkOrder checks the request's shape and rules and returns the order to place.
func (s *Server) checkOrder(req createOrderRequest) (NewOrder, error) {
	if req.Items == nil {
		return NewOrder{}, errRequired("items")
	}
	items := *req.Items
	lines := make([]Line, 0, len(items))
	for i, it := range items {
		if it.SKU == nil {
			return NewOrder{}, errRequired(fmt.Sprintf("items[%d].sku", i))
		}
		if it.Quantity == nil {
			return NewOrder{}, errRequired(fmt.Sprintf("items[%d].quantity", i))
		}
		lines = append(lines, Line{SKU: *it.SKU, Quantity: *it.Quantity})
	}
	switch {
	case len(lines) == 0:
		return NewOrder{}, Errorf(EUNPROCESSABLE, "empty_order", "an order has at least one item")
	case len(lines) > s.cfg.MaxItems:
		return NewOrder{}, Errorf(EUNPROCESSABLE, "too_many_items",
			"an order has at most %d items, not %d", s.cfg.MaxItems, len(lines))
	}
	for i, l := range lines {
		if l.Quantity < 1 || l.Quantity > maxQuantity {
			return NewOrder{}, Errorf(EUNPROCESSABLE, "invalid_quantity",
				"items[%d].quantity must be from 1 to %d, not %d", i, maxQuantity, l.Quantity)
		}
	}
	canonical, err := json.Marshal(canonicalRequest{Items: lines, Note: req.Note})
	if err != nil {
		return NewOrder{}, err
	}
	return NewOrder{Lines: lines, Note: req.Note, Request: string(canonical)}, nil
}

// handleGetOrder answers GET /orders/{id}.
func (s *Server) handleGetOrder(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	order, err := s.store.Get(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, order)
}

// handleListOrders answers GET /orders?limit=&offset= with a page of orders by id.
func (s *Server) handleListOrders(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := parsePage(r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	orders, total, err := s.store.List(r.Context(), limit, offset)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, listResponse{Items: orders, Total: total, Limit: limit, Offset: offset})
}

// handleCancelOrder answers POST /orders/{id}/cancel: a placed order becomes
// cancelled; a shipped or cancelled one is a 409.
func (s *Server) handleCancelOrder(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	order, err := s.store.Transition(r.Context(), id, StatusCancelled)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.metrics.ordersCancelled.Add(1)
	slog.InfoContext(r.Context(), "order cancelled", "order_id", id)
	writeJSON(w, r, http.StatusOK, order)
}

// handleShipOrder answers POST /orders/{id}/ship: it books the carrier, which takes
// ShipDelay, then marks the order shipped. It is the service's slow request, the one a
// shutdown must let finish.
func (s *Server) handleShipOrder(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Refuse at once what cannot ship, rather than after booking a carrier for it.
	status, err := s.store.Status(r.Context(), id)
	if err == nil && status != StatusPlaced {
		err = fmt.Errorf("%w: order %d is %s and cannot become %s", ErrInvalidTransition, id, status, StatusShipped)
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	slog.InfoContext(r.Context(), "booking carrier", "order_id", id)
	select {
	case <-time.After(s.cfg.ShipDelay):
	case <-r.Context().Done(): // the client went away: book nothing
		return
	}
	// Transition checks the status again: the order may have been cancelled meanwhile.
	order, err := s.store.Transition(r.Context(), id, StatusShipped)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.metrics.ordersShipped.Add(1)
	slog.InfoContext(r.Context(), "order shipped", "order_id", id)
	writeJSON(w, r, http.StatusOK, order)
}

// parsePage reads limit and offset from the query string. A parameter left out takes
// its default; one that is present must be an integer in range ("limit=" is not).
func parsePage(q url.Values) (limit, offset int64, err error) {
	limit, err = queryInt(q, "limit", defaultLimit, 1, maxLimit)
	if err != nil {
		return 0, 0, err
	}
	offset, err = queryInt(q, "offset", 0, 0, math.MaxInt64)
	if err != nil {
		return 0, 0, err
	}
	return limit, offset, nil
}

// queryInt reads the query parameter name as an integer from min to max, or def when
// it is absent. When the parameter is repeated, the first value counts.
func queryInt(q url.Values, name string, def, min, max int64) (int64, error) {
	if !q.Has(name) {
		return def, nil
	}
	s := q.Get(name)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < min || n > max {
		return 0, Errorf(EINVALID, "invalid_pagination", "%s must be an integer from %d to %d, got %q", name, min, max, s)
	}
	return n, nil
}

// parseID reads the {id} path segment: a positive decimal integer that fits in an int64.
func parseID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, Errorf(EINVALID, "invalid_id", "id must be a positive integer, got %q", s)
	}
	return id, nil
}

// decodeJSON reads the request body into dst, which must point to a struct:
// 415 unsupported_media_type without Content-Type: application/json, 400
// malformed_json for what is not JSON, 400 invalid_body for JSON of the wrong shape.
func decodeJSON(r *http.Request, dst any) error {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return Errorf(EUNSUPPORTED, "unsupported_media_type", "Content-Type must be application/json")
	}
	dec := json.NewDecoder(r.Body)
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var syntaxErr *json.SyntaxError
		switch {
		case errors.Is(err, io.EOF):
			return errMalformed("the body is empty")
		case errors.Is(err, io.ErrUnexpectedEOF):
			return errMalformed("the body ends in the middle of a JSON value")
		case errors.As(err, &syntaxErr):
			return errMalformed(syntaxErr.Error())
		default:
			return err
		}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errMalformed("unexpected data after the JSON value")
	}
	if raw[0] != '{' {
		return errInvalidBody("the body must be a JSON object")
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return errInvalidBody("field " + strconv.Quote(typeErr.Field) + " cannot be a JSON " + typeErr.Value)
		}
		return err
	}
	return nil
}

func errMalformed(message string) error {
	return Errorf(EINVALID, "malformed_json", "malformed JSON: %s", message)
}

func errInvalidBody(message string) error {
	return Errorf(EINVALID, "invalid_body", "invalid body: %s", message)
}

// errRequired is the answer for a required field that is missing or null.
func errRequired(field string) error {
	return errInvalidBody(fmt.Sprintf("field %q is required and cannot be null", field))
}
