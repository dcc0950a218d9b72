// Parsing and formatting of PMI-2 length fields and bodies.
#include "pmi/pmi2_codec.h"

#include <cstdio>

namespace bramble::pmi {
namespace {

bool IsKeyByte(char c) { return c > 0x20 && c < 0x7f && c != ';' && c != '='; }

// Parses body as complete pairs with nothing left over.
Result<WireMessage> ParseExactly(std::string_view body) {
  std::vector<KeyValue> pairs;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t equals = body.find('=', pos);
    if (equals == std::string_view::npos) return InvalidArgument("incomplete key=value pair");
    std::string key(body.substr(pos, equals - pos));
    if (key.empty() || key.size() > kPmi2MaxKeyBytes) return InvalidArgument("bad key length");
    for (char c : key) {
      if (!IsKeyByte(c)) return InvalidArgument("bad byte in key \"" + Printable(key) + "\"");
    }
    std::string value;
    size_t i = equals + 1;
    while (true) {
      if (i >= body.size()) return InvalidArgument("value of \"" + key + "\" does not end with ';'");
      if (body[i] != ';') {
        value += body[i++];
      } else if (i + 1 < body.size() && body[i + 1] == ';') {
        value += ';';
        i += 2;
      } else {
        ++i;
        break;
      }
    }
    pairs.emplace_back(std::move(key), std::move(value));
    pos = i;
  }
  if (pairs.empty() || pairs.front().first != "cmd") return InvalidArgument("body does not begin with cmd=");
  WireMessage message;
  message.command = std::move(pairs.front().second);
  pairs.erase(pairs.begin());
  message.pairs = std::move(pairs);
  return message;
}

void AppendEscaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == ';') out += ';';
    out += c;
  }
}

}  // namespace

Result<size_t> ParsePmi2Length(std::string_view field) {
  if (field.size() != kPmi2LengthFieldBytes) return InvalidArgument("length field is not 6 bytes");
  size_t first = field.find_first_not_of(' ');
  size_t last = field.find_last_not_of(' ');
  if (first == std::string_view::npos) return InvalidArgument("blank length field");
  size_t length = 0;
  for (char c : field.substr(first, last - first + 1)) {
    if (c < '0' || c > '9') return InvalidArgument("bad length field \"" + Printable(field) + "\"");
    length = length * 10 + static_cast<size_t>(c - '0');
  }
  if (length == 0) return InvalidArgument("zero length field");
  if (length > kPmi2MaxMessageBytes) {
    return InvalidArgument("message of " + std::to_string(length) + " bytes is over the 64 KiB limit");
  }
  return length;
}

Result<WireMessage> ParsePmi2Body(std::string_view body, Pmi2Padding& padding) {
  Result<WireMessage> whole = ParseExactly(body);
  Result<WireMessage> trimmed = InvalidArgument("body too short for MPICH 4.0 padding");
  if (body.size() > kMpich40ExtraBytes) trimmed = ParseExactly(body.substr(0, body.size() - kMpich40ExtraBytes));

  // A client always pads the same way, so a learned padding is the only reading.
  if (padding == Pmi2Padding::kSixExtra) return trimmed;
  if (padding == Pmi2Padding::kExact) return whole;
  if (whole && !trimmed) {
    padding = Pmi2Padding::kExact;
    return whole;
  }
  if (trimmed && !whole) {
    padding = Pmi2Padding::kSixExtra;
    return trimmed;
  }
  // Neither reading works: the declared length gives the clearer error.
  if (!trimmed) return whole;
  // Both work: the tail looked like pairs. Exact clients are learned from
  // their first message (MPICH >= 4.1's fullinit ends "threaded=FALSE;",
  // which never parses when cut), so an unknown client is most likely
  // MPICH 4.0, the version Debian 12 ships.
  return trimmed;
}

std::string FormatPmi2Message(std::string_view command, const std::vector<KeyValue>& pairs) {
  std::string body = "cmd=";
  AppendEscaped(body, command);
  body += ';';
  for (const KeyValue& pair : pairs) {
    body += pair.first;
    body += '=';
    AppendEscaped(body, pair.second);
    body += ';';
  }
  char field[16];
  std::snprintf(field, sizeof field, "%-6zu", body.size());
  return std::string(field) + body;
}

}  // namespace bramble::pmi
