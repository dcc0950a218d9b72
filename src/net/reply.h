// What a request handler answers: a Response message, or the bytes of one
// already serialized. The second lets a daemon write a large reply straight
// from the records it keeps (the controller's job list for squeue) instead
// of first copying each record into a message only to serialize it.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "proto/bramble.pb.h"

namespace bramble::net {

class Reply {
 public:
  // Implicit: a handler returns a proto::Response as before.
  Reply(proto::Response response) : value_(std::move(response)) {}  // NOLINT(google-explicit-constructor)

  // `bytes` must be a serialized proto::Response.
  static Reply Serialized(std::string bytes) { return Reply(std::move(bytes)); }

  // The serialized Response.
  std::string TakeBytes() && {
    if (auto* bytes = std::get_if<std::string>(&value_)) return std::move(*bytes);
    return std::get<proto::Response>(value_).SerializeAsString();
  }

 private:
  explicit Reply(std::string bytes) : value_(std::move(bytes)) {}

  std::variant<proto::Response, std::string> value_;
};

}  // namespace bramble::net
