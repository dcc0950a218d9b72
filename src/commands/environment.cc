// Reading the process environment; see environment.h.
#include "commands/environment.h"

#include <cstdlib>

namespace bramble::commands {

std::optional<std::string> GetEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace bramble::commands
