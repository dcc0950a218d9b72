// Separated lists; see split.h.
#include "common/split.h"

#include <algorithm>

namespace bramble {

std::vector<std::string> SplitCommaList(std::string_view list) { return SplitList(list, ','); }

std::vector<std::string> SplitList(std::string_view list, char separator) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = std::min(list.find(separator, start), list.size());
    if (end > start) items.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

std::string JoinList(const std::vector<std::string>& items, std::string_view separator) {
  std::string joined;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) joined += separator;
    joined += items[i];
  }
  return joined;
}

}  // namespace bramble
