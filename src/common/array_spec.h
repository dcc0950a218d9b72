// Job array index sets: sbatch --array specifications, squeue's rendering of
// the tasks still pending, and the index lists scancel accepts.
//
// Shared by the CLI and the controller, so both reject the same texts with
// Slurm's wording ("Invalid job array specification"). Index sets are kept as
// sorted vectors of unique indices; every index is below MaxArraySize, which
// the controller's config caps (Slurm allows at most 4000001).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble {

// The largest MaxArraySize Slurm accepts; larger configured values are
// treated as this, so one --array text can never ask for more than
// 4 000 001 tasks (a 16 MB index vector).
inline constexpr uint32_t kMaxArraySizeLimit = 4000001;

// The longest --array text accepted. The text is read once and its result is
// bounded by MaxArraySize, so this only refuses garbage: 1 MiB holds an
// explicit list of every index below 100 000.
inline constexpr size_t kMaxArraySpecLength = 1 << 20;

// Slurm's text for every rejected --array value (ESLURM_INVALID_ARRAY);
// sbatch prints "sbatch: error: Batch job submission failed: " before it.
inline constexpr const char* kInvalidArrayText = "Invalid job array specification";

struct ArraySpec {
  std::vector<uint32_t> indices;  // sorted, unique, each < MaxArraySize
  uint32_t throttle = 0;          // "%N": most tasks running at once; 0 = no limit
  uint32_t step = 1;              // SLURM_ARRAY_TASK_STEP: s of a lone "a-b:s", else 1
};

// Parses an --array value: comma-separated items "N", "A-B" or "A-B:S", in
// any order and overlapping, optionally in one pair of brackets, optionally
// followed by "%N" ("0-15:4", "1,3,5", "[1-5]%2", "0-99%4"). Empty items
// between commas are skipped, as Slurm does. Fails with
// InvalidArgument(kInvalidArrayText) on an empty set, signs, blanks or other
// characters, reversed ranges, a zero step, an index >= max_array_size (or
// any index when it is 0: arrays disabled), or a text over
// kMaxArraySpecLength.
Result<ArraySpec> ParseArraySpec(std::string_view text, uint32_t max_array_size);

// Renders sorted unique indices the way Slurm renders a task bitmap: runs of
// two or more as "A-B", the rest as single numbers, comma-separated
// ("1,3,5-7"); no step notation. Empty input gives "".
std::string FormatIndexRanges(const std::vector<uint32_t>& sorted_indices);

// What squeue's %i shows for an array's pending remainder (the tasks not yet
// split into their own records): "12_[3-99]", with the throttle inside the
// brackets ("12_[1,3,5-7%2]"). A remainder of one task still has brackets
// ("12_[5]"), as squeue prints the remainder record whenever it holds a
// bitmap. No pending indices gives the bare array job id ("12").
std::string FormatPendingArray(uint32_t array_job_id, const std::vector<uint32_t>& sorted_indices,
                               uint32_t throttle);

// What squeue's %i shows for one array task with its own record: "12_5".
std::string FormatArrayTaskId(uint32_t array_job_id, uint32_t task_id);

// Parses the index part of scancel's "12_[1-5,7]" and "12_3" forms: the text
// after the underscore, with or without its brackets. Items are "N" or "A-B".
// Returns the indices sorted and unique. Fails with InvalidArgument (message =
// the text) on empty, malformed or reversed items, or an index >=
// kMaxArraySizeLimit.
Result<std::vector<uint32_t>> ParseIndexList(std::string_view text);

}  // namespace bramble
