#include "common/node_binary.h"

#include <unistd.h>

namespace bramble {

std::string NodeBinaryBeside(const std::string& exe) {
  auto slash = exe.rfind('/');
  if (slash == std::string::npos) return "";
  std::string path = exe.substr(0, slash + 1) + kNodeBinaryName;
  return path != exe && ::access(path.c_str(), X_OK) == 0 ? path : "";
}

}  // namespace bramble
