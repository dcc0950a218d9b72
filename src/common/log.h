// Logging for the daemons: spdlog, one line per event, to stderr or a file.
#pragma once

#include <spdlog/spdlog.h>

#include <string>

namespace bramble {

// Sets up the default logger: `file` ("" = stderr), prefix `name` on every
// line, level from "debug"/"info"/"warn"/"error" (unknown = info).
void InitLogging(const std::string& name, const std::string& file, const std::string& level);

}  // namespace bramble
