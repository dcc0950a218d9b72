// What a command reads from its process: environment, working directory,
// host name, umask; kept here so the cli parsers stay pure and testable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bramble::commands {

// The value of environment variable `name`, or nullopt when it is unset
// (an empty value is returned as "").
std::optional<std::string> GetEnv(const std::string& name);

// The whole environment as "NAME=value" entries.
std::vector<std::string> Environment();

// The working directory; "" if getcwd fails.
std::string CurrentDirectory();

std::string HostName();

uint32_t CurrentUmask();

// 16 random bytes as 32 hex digits: a submission's idempotency key.
std::string RandomRequestId();

}  // namespace bramble::commands
