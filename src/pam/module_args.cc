// pam_bramble's module arguments; see module_args.h.
#include "pam/module_args.h"

#include <string_view>

namespace bramble::pam {

ModuleArgs ParseModuleArgs(int argc, const char* const* argv) {
  constexpr std::string_view kSocket = "socket=";
  ModuleArgs args;
  for (int i = 0; i < argc; ++i) {
    std::string_view arg = argv[i] ? argv[i] : "";
    if (arg == "adopt") {
      args.adopt = true;
    } else if (arg.substr(0, kSocket.size()) == kSocket) {
      // Kept even when malformed: the query then fails and access is denied,
      // rather than asking the default socket (maybe another node daemon's).
      args.socket_path = arg.substr(kSocket.size());
      if (args.socket_path.empty() || args.socket_path.front() != '/') {
        args.warnings.push_back("socket= needs an absolute path, got '" + args.socket_path + "'");
      }
    } else {
      args.warnings.push_back("unknown argument '" + std::string(arg) + "' ignored");
    }
  }
  return args;
}

}  // namespace bramble::pam
