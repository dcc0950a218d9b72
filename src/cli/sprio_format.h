// sprio's output (sprio(1), src/sprio/sprio.c and print.c of Slurm 22.05):
// the priority factors of pending jobs, one line each.
//
// The default format is "%.15i %9r", then " %.8u" when -u was given, then
// " %.10Y %.10S" (priority and site factor), then one column per factor
// whose weight is not zero, in the order AGE (%.10A), FAIRSHARE (%.10F),
// JOBSIZE (%.10J), PARTITION (%.10P), QOS (%.10Q). With -n the factors are
// the normalized ones (%10a ...) and the priority is %10y, with no SITE
// column; -l shows every column. Letters: i job id, r partition, u user,
// Y/y priority (weighted, or as a fraction of 2^32-1 with 14 decimals), S
// site factor (always 0 in Bramble), A/a age, F/f fair-share, J/j job size,
// P/p partition, Q/q QOS (always 0: Bramble has no QOS factor), N nice, T/t
// TRES (empty), n QOS name ("normal"). Normalized factors print with 7
// decimals; weighted ones as integers. With -w one line "Weights" shows
// each factor's weight (and SITE 1) instead of jobs. Every value is cut to
// its field width. Pure; no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// PriorityWeight* of the configuration. The controller's reply carries all
// but the QOS weight, which the caller reads from its own configuration as
// sprio does.
struct SprioWeights {
  uint32_t age = 0;
  uint32_t fair_share = 0;
  uint32_t job_size = 0;
  uint32_t partition = 0;
  uint32_t qos = 0;
};

// The weights of `reply`, with `qos` added.
SprioWeights WeightsOf(const proto::PriorityReply& reply, uint32_t qos);

// The format sprio uses when -o is not given (see the file comment).
std::string SprioDefaultFormat(bool normalized, bool long_format, bool users_given, const SprioWeights& weights);

// The field letters FormatSprio knows.
inline constexpr char kSprioFieldTypes[] = "aAfFijJnNpPqQrStTuyY";

// The unknown letters of `format`, in order and without repeats, for
// "sprio: error: Invalid job format specification: X". Slurm drops such a
// field together with the text after it; FormatSprio does the same.
std::vector<char> InvalidSprioFields(const std::string& format);

// The rows whose user is in `users` and partition in `partitions` (an empty
// list lets every row through), in their given order.
std::vector<proto::PriorityRow> FilterPriorityRows(const proto::PriorityReply& reply,
                                                   const std::vector<std::string>& users,
                                                   const std::vector<std::string>& partitions);

// Sorts rows by a -S list ("i" when empty): letters as in the format
// (i r u N y/Y a/A f/F j/J p/P q/Q t/T; c, n and o are accepted and keep the
// order), each ascending or, after '-', descending; the first letter is the
// primary key. Fails with "sprio: error: Invalid sort specification: X" and
// leaves `rows` as they were.
Status SortPriorityRows(std::vector<proto::PriorityRow>& rows, const std::string& sort);

// Renders the header (when `header`) and one line per row, or with
// `weights_line` the header and the "Weights" line only. Each line ends in
// '\n'.
std::string FormatSprio(const std::vector<proto::PriorityRow>& rows, const SprioWeights& weights,
                        const std::string& format, bool header, bool weights_line);

}  // namespace bramble::cli
