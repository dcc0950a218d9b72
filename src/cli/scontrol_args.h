// scontrol's argument words: keyword matching and `scontrol update`.
//
// Slurm's scontrol matches keywords case-insensitively and accepts any
// prefix of at least a minimum length (its xstrncasecmp(tag, "TimeLimit",
// MAX(len, 5)) idiom), so "JobId=5", "jobid=5" and "job=5" all work.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// Whether `word` is `keyword` or a prefix of it at least `min_length` long,
// ignoring case.
bool KeywordMatches(std::string_view word, std::string_view keyword, size_t min_length);

// What `scontrol update ...` asks for: exactly one of the two is set.
struct UpdateCommand {
  bool is_job = false;
  proto::UpdateJob job;    // when is_job
  proto::UpdateNode node;  // otherwise
};

// Parses the Key=Value words after "update". Fails with the complete text
// scontrol prints on stderr, e.g. "scontrol: error: Invalid TimeLimit value"
// or "Update of this parameter is not supported: Foo=1\nRequest aborted".
Result<UpdateCommand> ParseUpdate(const std::vector<std::string>& args);

// Folds a `show` record onto one line, as scontrol -o prints it: the lines
// joined by single spaces, indentation and blank lines dropped, one "\n" at
// the end.
std::string OneLiner(std::string_view block);

// The text of `scontrol --help`, ending in a newline.
std::string ScontrolHelpText();

}  // namespace bramble::cli
