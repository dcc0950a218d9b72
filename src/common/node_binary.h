// bramble-node: the node daemon and step supervisor, built apart from
// `bramble` and linked statically (CMakeLists.txt says why). `bramble node`
// hands over to it when it lies beside `bramble`, so every way of starting a
// node daemon (bramble up, a service file, by hand) runs the smaller one.
#pragma once

#include <string>

namespace bramble {

inline constexpr const char* kNodeBinaryName = "bramble-node";

// Where bramble-node goes beside `exe` (a resolved path such as
// /proc/self/exe's), whether or not it is there.
std::string NodeBinaryPath(const std::string& exe);

// NodeBinaryPath(exe) when an executable is there and it is not `exe`
// itself; "" otherwise.
std::string NodeBinaryBeside(const std::string& exe);

}  // namespace bramble
