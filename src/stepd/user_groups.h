// The user's group ids for a job's or step's processes.
//
// The node daemon, which has the NSS modules loaded already, looks them up
// and leaves them in the job directory (<dir>/groups, root 0600). The step
// supervisor reads them, so it never loads those modules itself (on Debian,
// libnss_systemd and libcap: a quarter of a MB in every supervisor), and
// its children only call setgroups.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "base/status.h"
#include "stepd/job_dir.h"

namespace bramble::stepd {

// `user`'s groups with `gid` among them, as initgroups would set them.
std::vector<gid_t> SupplementaryGroups(const std::string& user, gid_t gid);

// Writes `groups` to the directory's groups file.
Status WriteGroupsFile(const JobDir& dir, const std::vector<gid_t>& groups);

// The groups the node daemon left in `dir`; looked up here when the file is
// missing or unreadable (a directory written by an older node daemon).
std::vector<gid_t> GroupsFor(const JobDir& dir, const std::string& user, gid_t gid);

}  // namespace bramble::stepd
