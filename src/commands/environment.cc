// Reading the process's facts; see environment.h.
#include "commands/environment.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdint>

#include "auth/random_bytes.h"

extern char** environ;

namespace bramble::commands {

std::optional<std::string> GetEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::vector<std::string> Environment() {
  std::vector<std::string> entries;
  for (char** e = environ; e && *e; ++e) entries.emplace_back(*e);
  return entries;
}

std::string CurrentDirectory() {
  std::vector<char> buffer(4096);
  while (::getcwd(buffer.data(), buffer.size()) == nullptr) {
    if (errno != ERANGE) return "";
    buffer.resize(buffer.size() * 2);
  }
  return buffer.data();
}

std::string HostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

uint32_t CurrentUmask() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<uint32_t>(mask);
}

std::string RandomRequestId() {
  // From getrandom(2): std::random_device here uses RDRAND, which a virtual
  // machine may trap, on the path of every sbatch and srun.
  uint32_t words[4] = {};
  if (!auth::FillRandom(words, sizeof words).ok()) return "";  // no id: no dedupe of a resend
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (uint32_t word : words) {
    for (int b = 0; b < 8; ++b) id += kHex[(word >> (b * 4)) & 0xf];
  }
  return id;
}

}  // namespace bramble::commands
