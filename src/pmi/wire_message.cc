// WireMessage lookups and the printable form of untrusted task text.
#include "pmi/wire_message.h"

namespace bramble::pmi {

const std::string* WireMessage::Find(std::string_view key) const {
  for (const KeyValue& pair : pairs) {
    if (pair.first == key) return &pair.second;
  }
  return nullptr;
}

std::string Printable(std::string_view text, size_t max_bytes) {
  std::string out;
  for (char c : text.substr(0, max_bytes)) {
    bool printable = c >= 0x20 && c < 0x7f;
    out += printable ? c : '?';
  }
  if (text.size() > max_bytes) out += "...";
  return out;
}

}  // namespace bramble::pmi
