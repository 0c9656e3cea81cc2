//! The router against a real SQLite file, without a socket.
