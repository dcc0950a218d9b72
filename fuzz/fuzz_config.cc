// Fuzzes the slurm.conf, gres.conf and cgroup.conf parsers (common/config.h,
// common/gres_config.h, common/cgroup_config.h): every daemon and command reads slurm.conf first,
// and an administrator's typo must give an error, not a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/cgroup_config.h"
#include "common/config.h"
#include "common/gres_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bramble;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = ParseConfig(text, "slurm.conf");
  if (config) {
    for (const auto& node : config->nodes) (void)config->FindNode(node.name);
  }
  (void)ParseGresConfig(text, "gres.conf");
  (void)ParseCgroupConfig(text, "cgroup.conf");
  return 0;
}
