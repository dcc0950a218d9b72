// Status and Result<T>: errors as values (STYLE.md "Errors are values").
//
// A Status is OK or carries a code and a message; context is prepended as
// the error travels up ("loading config: line 3: ..."). Result<T> holds a T
// or a non-OK Status, with an API shaped like std::expected so it can be
// swapped for it once the toolchain has it.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace bramble {

enum class Code {
  kOk = 0,
  kInvalidArgument,  // bad input from a user or a peer
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kUnauthenticated,
  kUnavailable,  // peer unreachable, try again later
  kDeadlineExceeded,
  kInternal,
  kIo,
};

class Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns this status with "context: " in front of the message.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return Status(Code::kInvalidArgument, std::move(m)); }
inline Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
inline Status PermissionDenied(std::string m) { return Status(Code::kPermissionDenied, std::move(m)); }
inline Status Unauthenticated(std::string m) { return Status(Code::kUnauthenticated, std::move(m)); }
inline Status Unavailable(std::string m) { return Status(Code::kUnavailable, std::move(m)); }
inline Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }
inline Status IoError(std::string m) { return Status(Code::kIo, std::move(m)); }

template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}                // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {          // NOLINT: implicit by design
    assert(!std::get<Status>(data_).ok());
  }

  bool has_value() const { return data_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // The error; only valid when !has_value().
  const Status& error() const { return std::get<Status>(data_); }
  Status status() const { return has_value() ? Status() : error(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace bramble

// Evaluates expr (a Status); returns it from the enclosing function on error.
#define BRAMBLE_RETURN_IF_ERROR(expr)          \
  do {                                         \
    ::bramble::Status _st = (expr);            \
    if (!_st.ok()) return _st;                 \
  } while (0)
