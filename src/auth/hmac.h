// HMAC-SHA256 and a constant-time comparison: the two primitives every
// signed thing in Bramble (credentials, step grants) is built from.
#pragma once

#include <string>
#include <string_view>

namespace bramble::auth {

// The raw 32-byte HMAC-SHA256 of `data` under `secret`.
std::string HmacSha256(std::string_view secret, std::string_view data);

// Equality that takes the same time wherever the inputs differ.
bool ConstantTimeEqual(std::string_view a, std::string_view b);

}  // namespace bramble::auth
