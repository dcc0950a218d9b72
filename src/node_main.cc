// bramble-node: the node daemon and the step supervisors it starts, as one
// statically linked binary (CMakeLists.txt says why). `bramble node ...`
// hands over to it (common/node_binary.h); it answers to the same words.
#include <nss.h>

#include <cstdio>
#include <string>

#include "node/node_daemon.h"
#include "stepd/stepd.h"

namespace {

// A static binary can load NSS modules only by static dlopen, and some
// modules crash in it (libnss_systemd, in its thread-local state). These
// processes look up no users or groups (the controller sends the groups:
// controller/user_groups.h), and host names go through glibc's built-in
// files and dns modules only, whatever /etc/nsswitch.conf adds.
void UseBuiltInNameServices() {
  __nss_configure_lookup("hosts", "files dns");
  __nss_configure_lookup("passwd", "files");
  __nss_configure_lookup("group", "files");
}

int Usage() {
  std::fprintf(stderr, "usage: bramble-node node [args...]   (the node daemon; `bramble node` starts it)\n");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  UseBuiltInNameServices();
  if (argc < 2) return Usage();
  std::string command = argv[1];
  if (command == "-V" || command == "--version") {
    std::printf("bramble-node %s\n", BRAMBLE_VERSION);
    return 0;
  }
  // As in `bramble`: argv[0] becomes the command.
  argv[1] = argv[0];
  if (command == "node") return bramble::node::NodeMain(argc - 1, argv + 1);
  if (command == "stepd") return bramble::stepd::StepdMain(argc - 1, argv + 1);
  std::fprintf(stderr, "bramble-node: unknown command '%s'\n", command.c_str());
  return Usage();
}
