#include "common/node_binary.h"

#include <unistd.h>

namespace bramble {

std::string NodeBinaryPath(const std::string& exe) {
  return exe.substr(0, exe.rfind('/') + 1) + kNodeBinaryName;
}

std::string NodeBinaryBeside(const std::string& exe) {
  if (exe.find('/') == std::string::npos) return "";
  std::string path = NodeBinaryPath(exe);
  return path != exe && ::access(path.c_str(), X_OK) == 0 ? path : "";
}

}  // namespace bramble
