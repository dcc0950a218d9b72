// See random_bytes.h.
#include "auth/random_bytes.h"

#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace bramble::auth {

Status FillRandom(void* data, size_t size) {
  auto* out = static_cast<unsigned char*>(data);
  size_t filled = 0;
  while (filled < size) {
    ssize_t n = ::getrandom(out + filled, size - filled, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Internal(std::string("getrandom: ") + std::strerror(errno));
    filled += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace bramble::auth
