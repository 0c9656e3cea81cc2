#pragma once
/// @file
/// A small `Expected<T>`: a value or an error message, for failures that are
/// part of normal operation (a file that does not parse, a port already taken).
/// Exceptions are kept for "cannot continue" conditions.

#include <string>
#include <utility>
#include <variant>

/// Helpers that know nothing about ferry: Expected and Status for failures that
/// are values, JSON pointers, text utilities and the Ctrl-C flag. Nothing here
/// includes a header from another layer.
namespace ferry::util {

/// The error half of an Expected: a message meant for a person.
struct Error {
  std::string message;  ///< a complete sentence (or `file:/pointer: message` lines), printed as is
};

/// Either a T or an Error. Modelled on C++23 std::expected, trimmed to what ferry uses.
template <typename T>
class Expected {
public:
  /// A success holding @p value; implicit, so a function can `return value;`.
  Expected(T value) : m_state(std::move(value)) {}  // NOLINT: implicit by design
  /// A failure; implicit, so a function can `return util::Error{"why"};`.
  Expected(Error error) : m_state(std::move(error)) {}  // NOLINT: implicit by design

  /// Whether this holds a value (and not an error).
  [[nodiscard]] bool has_value() const { return std::holds_alternative<T>(m_state); }
  /// The same as has_value(), for `if (auto x = f())`.
  explicit operator bool() const { return has_value(); }

  /// The value; only when has_value() (otherwise std::bad_variant_access, a bug).
  T& value() & { return std::get<T>(m_state); }
  /// The value, read-only; only when has_value().
  const T& value() const& { return std::get<T>(m_state); }
  /// The value, moved out of an expiring Expected.
  T&& value() && { return std::get<T>(std::move(m_state)); }
  /// The value, as with value().
  T& operator*() & { return value(); }
  /// The value, read-only, as with value().
  const T& operator*() const& { return value(); }
  /// A member of the value, as with value().
  T* operator->() { return &value(); }
  /// A member of the value, read-only, as with value().
  const T* operator->() const { return &value(); }

  /// The error message; only when !has_value().
  [[nodiscard]] const std::string& error() const { return std::get<Error>(m_state).message; }

private:
  std::variant<T, Error> m_state;
};

/// An Expected without a value: success, or an error message.
class Status {
public:
  /// Success.
  Status() = default;
  /// A failure; implicit, so a function can `return util::Error{"why"};`.
  Status(Error error) : m_error(std::move(error.message)), m_ok(false) {}  // NOLINT
  /// Success, spelled out: `return util::Status::ok();`.
  static Status ok() { return {}; }
  /// Whether this is a success (named as in Expected, so both read alike).
  [[nodiscard]] bool has_value() const { return m_ok; }
  /// The same as has_value().
  explicit operator bool() const { return m_ok; }
  /// The error message; empty on success.
  [[nodiscard]] const std::string& error() const { return m_error; }

private:
  std::string m_error;
  bool m_ok = true;
};

}  // namespace ferry::util
