// A PMI message as parsed off the wire: the command name and the other
// key=value pairs in the order written. PMI-1 lines and PMI-2 bodies differ
// in framing and escaping (pmi1_codec.h, pmi2_codec.h) but carry this shape.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bramble::pmi {

using KeyValue = std::pair<std::string, std::string>;

struct WireMessage {
  std::string command;          // the value of the leading cmd=
  std::vector<KeyValue> pairs;  // the pairs after it

  // The value of the first pair named `key`, or nullptr when there is none.
  const std::string* Find(std::string_view key) const;
};

// Text from a task made safe to put in a log line or an error reply: at most
// `max_bytes` bytes (then "..."), bytes outside printable ASCII shown as '?'.
std::string Printable(std::string_view text, size_t max_bytes = 64);

}  // namespace bramble::pmi
