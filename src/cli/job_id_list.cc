// Job id lists; see job_id_list.h.
#include "cli/job_id_list.h"

#include <string>

#include "common/array_spec.h"

namespace bramble::cli {

Result<uint32_t> ParseJobId(std::string_view text) {
  // 10 digits hold every uint32; longer texts are rejected before converting.
  bool digits = !text.empty() && text.size() <= 10 && text.find_first_not_of("0123456789") == std::string_view::npos;
  uint64_t value = digits ? std::stoull(std::string(text)) : 0;
  if (!digits || value == 0 || value > UINT32_MAX) return InvalidArgument(std::string(text));
  return static_cast<uint32_t>(value);
}

Result<std::vector<uint32_t>> ParseJobIdList(const std::vector<std::string>& args) {
  std::vector<uint32_t> ids;
  for (const std::string& arg : args) {
    size_t start = 0;
    while (start <= arg.size()) {
      size_t comma = arg.find(',', start);
      if (comma == std::string::npos) comma = arg.size();
      std::string_view item = std::string_view(arg).substr(start, comma - start);
      start = comma + 1;
      if (item.empty()) continue;
      auto id = ParseJobId(item);
      if (!id) return id.error();
      ids.push_back(*id);
    }
  }
  return ids;
}

Result<JobRef> ParseJobRef(std::string_view text) {
  size_t underscore = text.find('_');
  auto id = ParseJobId(text.substr(0, underscore));
  if (!id) return InvalidArgument(std::string(text));
  JobRef ref;
  ref.job_id = *id;
  if (underscore == std::string_view::npos) return ref;
  auto tasks = ParseIndexList(text.substr(underscore + 1));
  if (!tasks) return InvalidArgument(std::string(text));
  ref.tasks = std::move(*tasks);
  return ref;
}

}  // namespace bramble::cli
