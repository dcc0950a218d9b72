// Comma lists; see split.h.
#include "common/split.h"

#include <algorithm>

namespace bramble {

std::vector<std::string> SplitCommaList(std::string_view list) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = std::min(list.find(',', start), list.size());
    if (comma > start) items.emplace_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

}  // namespace bramble
