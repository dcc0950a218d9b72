// Parsing and formatting of PMI-1 lines.
#include "pmi/pmi1_codec.h"

namespace bramble::pmi {
namespace {

bool IsPlainAscii(char c) { return c >= 0x20 && c < 0x7f; }

}  // namespace

Result<WireMessage> ParsePmi1Line(std::string_view line) {
  for (char c : line) {
    if (!IsPlainAscii(c)) return InvalidArgument("binary data in a PMI-1 line");
  }
  WireMessage message;
  bool first = true;
  size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    std::string_view token = line.substr(pos, end - pos);
    pos = end;
    size_t equals = token.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      return InvalidArgument("\"" + Printable(token) + "\" is not key=value");
    }
    std::string_view key = token.substr(0, equals);
    std::string_view value = token.substr(equals + 1);
    if (first) {
      if (key != "cmd") return InvalidArgument("line does not begin with cmd=");
      message.command = std::string(value);
      first = false;
    } else {
      message.pairs.emplace_back(std::string(key), std::string(value));
    }
  }
  if (first) return InvalidArgument("empty line");
  return message;
}

std::string FormatPmi1Line(std::string_view command, const std::vector<KeyValue>& pairs) {
  std::string line = "cmd=";
  line += command;
  for (const KeyValue& pair : pairs) {
    line += ' ';
    line += pair.first;
    line += '=';
    line += pair.second;
  }
  line += '\n';
  return line;
}

std::string Pmi1Word(std::string_view text) {
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      word += '_';
    } else {
      word += IsPlainAscii(c) ? c : '?';
    }
  }
  return word;
}

}  // namespace bramble::pmi
