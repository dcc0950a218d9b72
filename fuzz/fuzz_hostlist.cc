// Fuzzes hostlist expressions (common/hostlist.h), which arrive from users
// (sbatch -w, scontrol update NodeName=) and from slurm.conf. Beyond not
// crashing, checks the round trip: compressing the expanded names and
// expanding again gives the same names, and sorting them is well defined.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/hostlist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bramble;
  std::string_view expression(reinterpret_cast<const char*>(data), size);
  auto names = ExpandHostlist(expression);
  if (!names) return 0;
  if (names->size() > kMaxHostlistNames) __builtin_trap();
  std::string compressed = CompressHostlist(*names);
  auto again = ExpandHostlist(compressed);
  if (!again || *again != *names) __builtin_trap();
  std::vector<std::string> sorted = *names;
  SortHostnames(sorted);
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (HostnameLess(sorted[i], sorted[i - 1])) __builtin_trap();
  }
  return 0;
}
