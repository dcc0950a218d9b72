// scontrol's argument words: keyword matching, `scontrol update` and
// `scontrol requeue`.
//
// Slurm's scontrol matches keywords case-insensitively and accepts any
// prefix of at least a minimum length (its xstrncasecmp(tag, "TimeLimit",
// MAX(len, 5)) idiom), so "JobId=5", "jobid=5" and "job=5" all work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// Whether `word` is `keyword` or a prefix of it at least `min_length` long,
// ignoring case.
bool KeywordMatches(std::string_view word, std::string_view keyword, size_t min_length);

// What `scontrol update ...` changes.
enum class UpdateKind { kJob, kNode, kLimits };

// What `scontrol update ...` asks for: the message for `kind` is set.
struct UpdateCommand {
  UpdateKind kind = UpdateKind::kJob;
  proto::UpdateJob job;        // kJob: JobId= with TimeLimit= Partition= NumNodes= NumCPUs= Nice=
  proto::UpdateNode node;      // kNode: NodeName= with State= Reason=
  proto::UpdateLimits limits;  // kLimits: UserLimits=<user> or GroupLimits=<group> with limit keys
};

// Parses the Key=Value words after "update" (a bare "Nice" means Nice=100,
// as in Slurm). UserLimits=/GroupLimits= are Bramble's operator extension:
// the other words are limit settings as in slurm.conf (MaxJobs=4
// GrpTRES=cpu=8), checked here with the configuration's own parser. Fails
// with the complete text scontrol prints on stderr, e.g. "scontrol: error:
// Invalid TimeLimit value" or "Update of this parameter is not supported:
// Foo=1\nRequest aborted".
Result<UpdateCommand> ParseUpdate(const std::vector<std::string>& args);

// The job ids of `scontrol requeue <job_list> [<job_list>...]`: each word a
// comma list, optionally after "JobId=" or "Job=". Fails with Slurm's
// "too few arguments for keyword:requeue" or "Invalid job id specified for
// job <word>".
Result<std::vector<uint32_t>> ParseRequeue(const std::vector<std::string>& args);

// Folds a `show` record onto one line, as scontrol -o prints it: the lines
// joined by single spaces, indentation and blank lines dropped, one "\n" at
// the end.
std::string OneLiner(std::string_view block);

// The text of `scontrol --help`, ending in a newline.
std::string ScontrolHelpText();

}  // namespace bramble::cli
