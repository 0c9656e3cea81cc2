#pragma once
/// @file
/// A small `Expected<T>`: a value or an error message, for failures that are
/// part of normal operation (a file that does not parse, a port already taken).
/// Exceptions are kept for "cannot continue" conditions.

#include <string>
#include <utility>
#include <variant>

namespace ferry::util {

/// The error half of an Expected: a message meant for a person.
struct Error {
  std::string message;
};

/// Either a T or an Error. Modelled on C++23 std::expected, trimmed to what ferry uses.
template <typename T>
class Expected {
public:
  Expected(T value) : m_state(std::move(value)) {}  // NOLINT: implicit by design
  Expected(Error error) : m_state(std::move(error)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool has_value() const { return std::holds_alternative<T>(m_state); }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<T>(m_state); }
  const T& value() const& { return std::get<T>(m_state); }
  T&& value() && { return std::get<T>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  [[nodiscard]] const std::string& error() const { return std::get<Error>(m_state).message; }

private:
  std::variant<T, Error> m_state;
};

/// An Expected without a value: success, or an error message.
class Status {
public:
  Status() = default;
  Status(Error error) : m_error(std::move(error.message)), m_ok(false) {}  // NOLINT
  static Status ok() { return {}; }
  [[nodiscard]] bool has_value() const { return m_ok; }
  explicit operator bool() const { return m_ok; }
  [[nodiscard]] const std::string& error() const { return m_error; }

private:
  std::string m_error;
  bool m_ok = true;
};

}  // namespace ferry::util
