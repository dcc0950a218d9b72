// Memory sizes as Slurm options take them (str_to_mbytes).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"

namespace bramble {

// Parses "<integer>[K|M|G|T][B]" (case-insensitive) into megabytes; no unit
// means megabytes; K rounds up to whole megabytes. Fails on anything else or
// on overflow.
Result<int64_t> ParseMegabytes(std::string_view text);

}  // namespace bramble
