// The state directory (StateSaveLocation): the controller's SQLite store and,
// by default, the cluster secret live there, so it must be private to the
// daemon (mode 0700, owned by the daemon's effective uid), as ssh insists on
// for ~/.ssh.
//
// Entry point: SecureStateDir, called before anything in the directory is
// read. Policy: a directory others can write to is refused (its files may
// have been planted or swapped: a store that says "run this as root" must
// not be believed); one others can only read or enter is tightened to 0700
// with a warning (nothing in it can have been changed, and refusing would
// only make an upgrade from a looser mode fail).
#pragma once

#include <sys/types.h>

#include <string>

#include "base/status.h"

namespace bramble::auth {

// Makes `dir` a private state directory: creates it with mode 0700 when it
// is absent (missing parents with the default mode), and chmods a
// directory that is readable or searchable by group or others to 0700.
// Returns a warning for the log when it changed a mode ("" otherwise).
// PermissionDenied when `dir` is not a directory, is not owned by the
// effective uid, or is writable by group or others ("state directory <dir>
// is writable by others (mode 0777); check its files, then chmod 700 it");
// kIo when it cannot be created, opened or changed.
Result<std::string> SecureStateDir(const std::string& dir);

// Makes the directory `path` lives in when it is missing (with its own
// missing parents), mode 0755 whatever the umask: /run/bramble and the like
// are gone after a reboot, and users pass through them to reach sockets and
// spools. One that exists is left as it is.
Status MakeEnterableParent(const std::string& path);

// The same policy for any directory a daemon keeps files in that it later
// believes, with `mode` as the most it may allow: created with `mode`;
// refused when not owned by the effective uid or writable by group or
// others; bits beyond `mode` removed with a warning, missing ones (a umask,
// an older daemon) added quietly. `what` names it in the
// messages ("state directory", "spool"). A node daemon's spool is 0755:
// users run their batch scripts from it, but a file planted there (a stepd
// pid, a launch) would be acted on as root after a restart.
Result<std::string> SecureDaemonDir(const std::string& dir, mode_t mode, const std::string& what);

}  // namespace bramble::auth
