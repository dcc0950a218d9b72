// What a command reads from its process environment, behind the lookup
// signature the cli parsers take (cli::EnvLookup), so that the parsers stay
// testable without touching the real environment.
#pragma once

#include <optional>
#include <string>

namespace bramble::commands {

// The value of environment variable `name`, or nullopt when it is unset
// (an empty value is returned as "").
std::optional<std::string> GetEnv(const std::string& name);

}  // namespace bramble::commands
