// Loading and creating the cluster secret file (see secret.h).
//
// Creation writes a private temporary file beside the target, fsyncs it and
// hard-links it into place: link() fails with EEXIST like O_EXCL, so two
// racing creators agree on one secret, and a crash never leaves an empty or
// half-written secret behind (at worst a stray "<path>.tmp.XXXXXX").
#include "auth/secret.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "auth/random_bytes.h"

namespace bramble::auth {
namespace {

// A secret file is one line of 64 hex digits; anything much longer is not one.
constexpr size_t kMaxFileBytes = 4096;

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

std::string OctalMode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string Dirname(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// mkdir -p with mode 0700 for each directory it has to create.
Status MakeDirs(const std::string& dir) {
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    std::string prefix = dir.substr(0, pos);
    if (mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return IoError(Errno("cannot create directory", prefix));
    }
  }
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(Errno("cannot write", path));
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

// Writes a fresh secret to a temporary file and links it to `path`.
// Returns OK also when another process created `path` first.
Status CreateSecretFile(const std::string& path) {
  unsigned char raw[kSecretBytes];
  BRAMBLE_RETURN_IF_ERROR(FillRandom(raw, sizeof raw));
  std::string hex = HexEncode(std::string_view(reinterpret_cast<char*>(raw), sizeof raw)) + "\n";

  std::string tmp = path + ".tmp.XXXXXX";
  int fd = mkostemp(tmp.data(), O_CLOEXEC);  // mode 0600
  if (fd < 0) return IoError(Errno("cannot create", tmp));
  Status st = WriteAll(fd, hex, tmp);
  if (st.ok() && fsync(fd) != 0) st = IoError(Errno("cannot fsync", tmp));
  close(fd);
  if (st.ok() && link(tmp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    st = IoError(Errno("cannot create", path));
  }
  unlink(tmp.c_str());
  if (!st.ok()) return st;
  // Make the new directory entry durable too.
  std::string dir = Dirname(path);
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return Status::Ok();
}

}  // namespace

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xf]);
  }
  return out;
}

Result<std::string> HexDecode(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return InvalidArgument("odd number of hex digits");
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]);
    int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgument("not a hex digit");
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

Result<std::string> LoadSecret(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("secret file " + path + " does not exist");
    if (errno == EACCES) return PermissionDenied(Errno("cannot read secret file", path));
    return IoError(Errno("cannot open secret file", path));
  }
  struct stat sb;
  if (fstat(fd, &sb) != 0) {
    close(fd);
    return IoError(Errno("cannot stat secret file", path));
  }
  std::string content(kMaxFileBytes + 1, '\0');
  ssize_t n = -1;
  if (S_ISREG(sb.st_mode) && sb.st_uid == geteuid() && (sb.st_mode & 077) == 0) {
    do {
      n = read(fd, content.data(), content.size());
    } while (n < 0 && errno == EINTR);
  }
  int read_errno = errno;
  close(fd);

  if (!S_ISREG(sb.st_mode)) return PermissionDenied("secret file " + path + " is not a regular file");
  if (sb.st_uid != geteuid()) {
    return PermissionDenied("secret file " + path + " is owned by uid " + std::to_string(sb.st_uid) +
                            ", not by this daemon's uid " + std::to_string(geteuid()));
  }
  if ((sb.st_mode & 077) != 0) {
    return PermissionDenied("secret file " + path + " is readable by others (mode " +
                            OctalMode(sb.st_mode) + "); chmod 600 it");
  }
  if (n < 0) {
    errno = read_errno;
    return IoError(Errno("cannot read secret file", path));
  }
  content.resize(static_cast<size_t>(n));
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r' ||
                              content.back() == ' ' || content.back() == '\t')) {
    content.pop_back();
  }
  Result<std::string> secret = HexDecode(content);
  if (!secret || secret->size() != kSecretBytes) {
    return InvalidArgument("secret file " + path + " does not hold " +
                           std::to_string(kSecretBytes * 2) + " hex digits");
  }
  return secret;
}

Result<std::string> LoadOrCreateSecret(const std::string& path) {
  Result<std::string> secret = LoadSecret(path);
  if (secret || secret.error().code() != Code::kNotFound) return secret;
  BRAMBLE_RETURN_IF_ERROR(MakeDirs(Dirname(path)));
  BRAMBLE_RETURN_IF_ERROR(CreateSecretFile(path));
  return LoadSecret(path);
}

}  // namespace bramble::auth
