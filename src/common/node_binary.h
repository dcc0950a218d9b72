// bramble-node: the node daemon and step supervisor, built apart from
// `bramble` and linked statically (CMakeLists.txt says why). `bramble node`
// hands over to it when it lies beside `bramble`, so every way of starting a
// node daemon (bramble up, a service file, by hand) runs the smaller one.
#pragma once

#include <string>

namespace bramble {

inline constexpr const char* kNodeBinaryName = "bramble-node";

// The path of bramble-node in the directory of `exe` (a resolved path such
// as /proc/self/exe's), or "" when there is no executable one there.
std::string NodeBinaryBeside(const std::string& exe);

}  // namespace bramble
