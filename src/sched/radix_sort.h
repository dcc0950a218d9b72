// A stable sort of records by up to three unsigned 32-bit keys, for the
// pass's big sorts (ten thousand jobs by priority, reasons by job id): a
// least-significant-digit radix sort a byte at a time, several times
// quicker there than a comparison sort, the more so as bytes that are the
// same in every record (a tier all jobs share, the high bytes of ids) are
// passed over.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace bramble::sched {

struct SortKey {
  std::array<uint32_t, 3> words;  // compared words[2] first, words[0] last
  uint32_t index;                 // the record's place before the sort; untouched
};

// Sorts `keys` ascending by (words[2], words[1], words[0]); keys equal in
// all three keep their order.
void RadixSort(std::vector<SortKey>& keys);

}  // namespace bramble::sched
