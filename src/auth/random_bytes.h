// Random bytes for keys and nonces, straight from the kernel (getrandom(2)).
// OpenSSL's RAND_bytes gives the same quality, but its first call in a
// process loads openssl.cnf and sets up providers: about 2 ms at each srun's
// start, in front of every step (docs/performance.md).
#pragma once

#include <cstddef>

#include "base/status.h"

namespace bramble::auth {

// Fills `size` bytes at `data`; waits, as getrandom does, only if the
// kernel's pool is not yet initialised after boot.
Status FillRandom(void* data, size_t size);

}  // namespace bramble::auth
