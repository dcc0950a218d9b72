// sacct until its issue lands: say so and fail, so that
// scripts and clients see a clear error instead of a silent success.
#include <cstdio>
#include <string>

#include "commands/commands.h"

namespace bramble::commands {

int NotYetMain(int argc, char** argv) {
  std::string name = argc > 0 && argv[0] ? argv[0] : "bramble";
  size_t slash = name.rfind('/');
  if (slash != std::string::npos) name.erase(0, slash + 1);
  std::fprintf(stderr, "%s: error: %s is not available in this version of Bramble yet\n", name.c_str(),
               name.c_str());
  return 1;
}

}  // namespace bramble::commands
