// What pam_bramble decides for one user, kept apart from PAM so that it can
// be tested: root always gets in; anyone else needs a job running on this
// node, and a node daemon that cannot be asked means no (fail closed).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "pam/local_jobs.h"
#include "pam/module_args.h"

namespace bramble::pam {

// Users read these (pam_error); sites grep their logs for them.
inline constexpr const char* kNoJobMessage = "Access denied by pam_bramble: you have no active job on this node";
inline constexpr const char* kUnreachableMessage =
    "Access denied by pam_bramble: cannot reach the node daemon on this node";

struct LogLine {
  int priority;  // syslog's LOG_*
  std::string text;
};

struct AccessDecision {
  bool allowed = false;
  std::string user_message;  // for the user; "" = say nothing
  std::vector<LogLine> log;  // for syslog, in order
};

// uid's running jobs on this node, adopting the session into the newest
// when the module has `adopt` (node_query.h's AskLocalJobsAndAdopt, or a fake).
using LocalJobsQuery = std::function<Result<LocalJobs>(uint32_t uid)>;

// Decides for `user` (uid) under the module's arguments; asks `query`
// unless uid is 0. Never fails: an error from the query is a denial.
AccessDecision DecideAccess(const std::string& user, uint32_t uid, const ModuleArgs& args,
                            const LocalJobsQuery& query);

}  // namespace bramble::pam
