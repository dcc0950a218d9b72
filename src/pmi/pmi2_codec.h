// PMI-2 messages (COMPAT 3.6): a 6-byte ASCII length field, then a body
// "cmd=<name>;key=value;key=value;" in which a ';' inside a value is doubled.
//
// MPICH 4.0's client declares a length 6 larger than its body and sends 6
// uninitialised bytes after the last ';' (PMIi_WriteSimpleCommand counts from
// 6 below its buffer size); MPICH >= 4.1 declares the exact length. The body
// parser accepts both and remembers, per connection, which one the client
// does, so garbage that happens to look like a pair is not mistaken for one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "pmi/wire_message.h"

namespace bramble::pmi {

inline constexpr size_t kPmi2LengthFieldBytes = 6;
// COMPAT 3.6's message limit; MPICH's biggest request (a kvs-put of a
// 1024-byte value) is about 1.1 KiB, so this only stops runaway allocation.
inline constexpr size_t kPmi2MaxMessageBytes = 64 * 1024;
inline constexpr size_t kPmi2MaxKeyBytes = 64;
inline constexpr size_t kPmi2MaxValueBytes = 1024;
// The uninitialised tail MPICH 4.0 sends after each body.
inline constexpr size_t kMpich40ExtraBytes = 6;

// Reads a length field: decimal digits, space padded on either side ("%-6d"
// from MPICH 4.0 and Slurm, "%6u" from MPICH >= 4.1). Fails on any other
// byte, on 0, and above kPmi2MaxMessageBytes.
Result<size_t> ParsePmi2Length(std::string_view field);

// How a client's declared lengths relate to its bodies; starts kUnknown and
// is learned from the first message that only parses one way.
enum class Pmi2Padding { kUnknown, kExact, kSixExtra };

// Parses a body of the declared length. A body must be complete key=value;
// pairs beginning with cmd=, either the whole declared length or all but the
// last kMpich40ExtraBytes. Once `padding` is learned only its reading is
// tried; before, a body that reads both ways is read as MPICH 4.0's. Keys
// are printable ASCII without spaces. Fails when no allowed reading works.
Result<WireMessage> ParsePmi2Body(std::string_view body, Pmi2Padding& padding);

// Formats a whole message: the "%-6d" length field, then the body with ';'
// in values doubled. Callers keep bodies far below 10^6 bytes (values are at
// most kPmi2MaxValueBytes).
std::string FormatPmi2Message(std::string_view command, const std::vector<KeyValue>& pairs);

}  // namespace bramble::pmi
