// The groups a job runs with. The controller looks them up once per launch
// and sends them (Slurm's send_gids), so node daemons and step supervisors
// make no user or group lookups: those load NSS modules into the process
// that makes them, and the node binary is linked statically (see
// CMakeLists.txt), where glibc can load only its built-in ones.
#pragma once

#include <sys/types.h>

#include <vector>

namespace bramble::controller {

// The user's primary group `gid` and every group listing them; just `gid`
// when the user is unknown here.
std::vector<gid_t> UserGroups(uid_t uid, gid_t gid);

}  // namespace bramble::controller
