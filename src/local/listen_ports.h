// Ports for a local cluster's daemons to listen on, all on 127.0.0.1.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace bramble::local {

// The kernel's range for ports it picks itself (for port 0 and for the local
// end of outgoing connections), from a file shaped like
// /proc/sys/net/ipv4/ip_local_port_range; Linux's default when unreadable.
std::pair<uint16_t, uint16_t> EphemeralPortRange(const std::string& path = "/proc/sys/net/ipv4/ip_local_port_range");

// `count` distinct ports that nothing on 127.0.0.1 is bound to right now,
// all below the ephemeral range. `bramble up` writes every daemon's port
// before starting any of them; a port the kernel picked could meanwhile be
// taken as the local end of another daemon's connection (256 nodes
// registering lost four of them that way), one below the range cannot.
// The walk starts at a random port so that clusters side by side rarely try
// the same ones.
Result<std::vector<uint16_t>> PickListenPorts(size_t count);

}  // namespace bramble::local
