// Radix sort; see radix_sort.h.
#include "sched/radix_sort.h"

#include <cstddef>
#include <utility>

namespace bramble::sched {

void RadixSort(std::vector<SortKey>& keys) {
  if (keys.size() < 2) return;
  // Bits that differ somewhere, per word: only bytes holding one get a pass.
  std::array<uint32_t, 3> all_ones{~0u, ~0u, ~0u}, any_ones{};
  for (const SortKey& key : keys) {
    for (size_t w = 0; w < 3; ++w) {
      all_ones[w] &= key.words[w];
      any_ones[w] |= key.words[w];
    }
  }
  std::vector<SortKey> sorted(keys.size());
  for (size_t w = 0; w < 3; ++w) {
    uint32_t varying = all_ones[w] ^ any_ones[w];
    for (uint32_t shift = 0; shift < 32; shift += 8) {
      if (((varying >> shift) & 0xffu) == 0) continue;
      auto digit = [&](const SortKey& key) { return (key.words[w] >> shift) & 0xffu; };
      std::array<size_t, 256> start{};
      for (const SortKey& key : keys) ++start[digit(key)];
      size_t offset = 0;
      for (size_t& slot : start) offset += std::exchange(slot, offset);
      for (const SortKey& key : keys) sorted[start[digit(key)]++] = key;
      keys.swap(sorted);
    }
  }
}

}  // namespace bramble::sched
