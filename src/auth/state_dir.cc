// Creating and checking the state directory; see state_dir.h.
//
// The checks and the chmod go through one descriptor (fstat, fchmod), so
// the directory judged is the directory changed even if the path is
// replaced meanwhile. A symlinked state directory is allowed (sites move
// /var/spool to another disk); its target is what is checked.
#include "auth/state_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace bramble::auth {
namespace {

std::string OctalMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

}  // namespace

Status MakeEnterableParent(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (parent.empty() || std::filesystem::exists(parent, ec)) return Status::Ok();
  std::filesystem::create_directories(parent, ec);
  if (ec) return IoError("cannot create " + parent.string() + ": " + ec.message());
  std::filesystem::permissions(parent, std::filesystem::perms(0755), ec);  // whatever the umask
  return Status::Ok();
}

Result<std::string> SecureStateDir(const std::string& dir) { return SecureDaemonDir(dir, 0700, "state directory"); }

Result<std::string> SecureDaemonDir(const std::string& dir, mode_t mode, const std::string& what) {
  if (dir.empty()) return InvalidArgument("no " + what + " configured");
  BRAMBLE_RETURN_IF_ERROR(MakeEnterableParent(dir));
  if (::mkdir(dir.c_str(), mode) != 0 && errno != EEXIST) return IoError(Errno("cannot create " + what, dir));

  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOTDIR) return PermissionDenied(what + " " + dir + " is not a directory");
    return IoError(Errno("cannot open " + what, dir));
  }
  struct stat sb;
  if (::fstat(fd, &sb) != 0) {
    std::string error = Errno("cannot stat " + what, dir);
    ::close(fd);
    return IoError(error);
  }
  std::string wanted = OctalMode(mode).substr(1);  // "700", "755"
  Result<std::string> result = std::string();
  if (sb.st_uid != ::geteuid()) {
    result = PermissionDenied(what + " " + dir + " is owned by uid " + std::to_string(sb.st_uid) +
                              ", not by this daemon's uid " + std::to_string(::geteuid()));
  } else if ((sb.st_mode & 022) != 0) {
    result = PermissionDenied(what + " " + dir + " is writable by others (mode " + OctalMode(sb.st_mode) +
                              "); check its files, then chmod " + wanted + " it");
  } else if ((sb.st_mode & 0777) != mode) {  // looser: tightened, with a warning; tighter: opened up to mode
    if (::fchmod(fd, (sb.st_mode & 07000) | mode) != 0) {
      result = IoError(Errno("cannot chmod " + wanted + " " + what, dir));
    } else if ((sb.st_mode & 0777 & ~mode) != 0) {
      result = what + " " + dir + " was accessible to others (mode " + OctalMode(sb.st_mode) + "); changed it to " +
               OctalMode(mode);
    }
  }
  ::close(fd);
  return result;
}

}  // namespace bramble::auth
