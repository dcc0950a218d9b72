// sacct's output (COMPAT.md 8.3): which lines a reply makes and how each
// column prints.
//
// A job gives its own line, then (without -X) a line per step: "12.batch",
// then "12.0", "12.1", ... (Bramble has no extern step). A -j item naming a
// step ("12.0") shows that step's line alone. Fixed-width output pads every
// value to its column and ends each with a space, cutting a longer value to
// the width with '+' as its last character ("CANCELLED+"); -p ends every
// value with '|', -P puts '|' between values. Pure; times are printed in the
// zone given.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/job_options.h"
#include "cli/sacct_options.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// One output line: a job, or one of its steps (`step` set).
struct SacctLine {
  const proto::JobRecord* job = nullptr;
  const proto::StepRecord* step = nullptr;
};

// The lines to print for `jobs` (as the controller returned them, by job
// id) under the -j selectors and -X of `options`.
std::vector<SacctLine> SacctLines(const std::vector<proto::JobRecord>& jobs, const SacctOptions& options);

// The value of column `name` (canonical, as ParseSacctFormat gives it) for
// `line`, at `now`. Unknown names print "".
std::string SacctValue(const SacctLine& line, const std::string& name, int64_t now, const TimeZone& zone);

// The whole output: header (unless -n) and one line per SacctLine.
std::string RenderSacct(const std::vector<SacctLine>& lines, const SacctOptions& options, int64_t now,
                        const TimeZone& zone);

// "00:00:05", "1-02:03:04" (Elapsed).
std::string FormatElapsed(int64_t seconds);
// TotalCPU/UserCPU/SystemCPU: "00:01.234" under an hour, "01:02:03" and
// "1-02:03:04" above.
std::string FormatCpuTime(int64_t microseconds);
// MaxRSS in KiB: divided by 1024 while that is exact ("1234K", "100M").
std::string FormatKibibytes(int64_t kib);

}  // namespace bramble::cli
