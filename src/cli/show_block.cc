// See show_block.h.
#include "cli/show_block.h"

namespace bramble::cli {

void ShowBlock::Line(std::initializer_list<std::string> tokens) {
  std::string line;
  for (const std::string& token : tokens) {
    if (token.empty()) continue;
    if (!line.empty()) line += ' ';
    line += token;
  }
  lines_.push_back(std::move(line));
}

std::string ShowBlock::Text() const {
  std::string out;
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (i > 0) out += "   ";
    out += lines_[i];
    out += '\n';
  }
  return out + '\n';
}

std::string KV(std::string_view key, const std::string& value) { return std::string(key) + "=" + value; }

std::string MemoryText(int64_t mb) {
  if (mb <= 0) return "0";
  if (mb % 1024 == 0) return std::to_string(mb / 1024) + "G";
  return std::to_string(mb) + "M";
}

std::string Tres(uint32_t cpus, int64_t mem_mb, size_t nodes) {
  std::string text = "cpu=" + std::to_string(cpus);
  if (mem_mb > 0) text += ",mem=" + MemoryText(mem_mb);
  return text + ",node=" + std::to_string(nodes) + ",billing=" + std::to_string(cpus);
}

}  // namespace bramble::cli
