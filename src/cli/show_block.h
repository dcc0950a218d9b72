// The building blocks of scontrol's "show" layouts (jobs, nodes,
// partitions): Slurm's indented blocks of Key=Value tokens, and the memory
// and TRES texts they share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace bramble::cli {

// Collects lines of space-separated tokens; empty tokens are left out.
class ShowBlock {
 public:
  // Starts a new line with `tokens` joined by spaces.
  void Line(std::initializer_list<std::string> tokens);
  // The lines, every one after the first indented by three spaces, and a
  // blank line after the block.
  std::string Text() const;

 private:
  std::vector<std::string> lines_;
};

// "Key=value".
std::string KV(std::string_view key, const std::string& value);

// Memory as scontrol prints it: "0", "2G", "1500M".
std::string MemoryText(int64_t mb);

// "cpu=4,mem=2G,node=1,billing=4".
std::string Tres(uint32_t cpus, int64_t mem_mb, size_t nodes);

}  // namespace bramble::cli
