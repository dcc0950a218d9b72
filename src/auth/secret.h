// The cluster secret: 32 random bytes that sign every credential
// (docs/auth.md). On disk it is one line of 64 hex digits in a root-only file
// (mode 0600, owned by the daemon's effective uid); the first controller start
// creates it and nodes receive it through their join token.
//
// Entry points: LoadSecret (a file that must exist), LoadOrCreateSecret (the
// controller's first start). Both return the raw 32 bytes, not the hex.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bramble::auth {

// 256 bits: the HMAC-SHA256 key size; more adds nothing, less weakens it.
inline constexpr size_t kSecretBytes = 32;

// Reads the secret at `path`. NotFound when the file is absent;
// PermissionDenied when it is not a regular file owned by the effective uid,
// or is group- or world-accessible ("secret file <path> is readable by others
// (mode 0644); chmod 600 it"); InvalidArgument when it is not 64 hex digits.
Result<std::string> LoadSecret(const std::string& path);

// Returns the secret at `path`, first creating it (fresh random bytes, mode
// 0600, created atomically so a concurrent reader never sees half a file)
// when absent. Missing parent directories are created with mode 0700.
// Errors as LoadSecret, or kIo when the file or directory cannot be made.
Result<std::string> LoadOrCreateSecret(const std::string& path);

// Lower-case hex of `bytes` ("0a1b..."), as stored in the file and join token.
std::string HexEncode(std::string_view bytes);
// The bytes of hex digits `hex` (either case). InvalidArgument on an odd
// length or a non-hex character.
Result<std::string> HexDecode(std::string_view hex);

}  // namespace bramble::auth
