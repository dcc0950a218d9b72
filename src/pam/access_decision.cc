// pam_bramble's decision; see access_decision.h.
#include "pam/access_decision.h"

#include <syslog.h>

namespace bramble::pam {
namespace {

std::string Who(const std::string& user, uint32_t uid) {
  return user + " (uid " + std::to_string(uid) + ")";
}

std::string JoinIds(const std::vector<uint32_t>& ids) {
  std::string out;
  for (uint32_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

}  // namespace

AccessDecision DecideAccess(const std::string& user, uint32_t uid, const ModuleArgs& args,
                            const LocalJobsQuery& query) {
  AccessDecision decision;
  for (const auto& warning : args.warnings) decision.log.push_back({LOG_WARNING, warning});
  if (uid == 0) {
    decision.allowed = true;
    return decision;
  }
  auto jobs = query(uid);
  if (!jobs) {
    decision.user_message = kUnreachableMessage;
    decision.log.push_back(
        {LOG_ERR, "access denied for " + Who(user, uid) + ": cannot ask the node daemon: " + jobs.error().message()});
    return decision;
  }
  if (jobs->job_ids.empty()) {
    decision.user_message = kNoJobMessage;
    decision.log.push_back({LOG_NOTICE, "access denied for " + Who(user, uid) + ": no active job on this node"});
    return decision;
  }
  decision.allowed = true;
  decision.log.push_back(
      {LOG_INFO, "access granted for " + Who(user, uid) + ": job " + JoinIds(jobs->job_ids) + " runs here"});
  if (args.adopt && jobs->adopted_job != 0) {
    decision.log.push_back({LOG_INFO, "adopted the session of " + user + " into job " +
                                          std::to_string(jobs->adopted_job)});
  } else if (args.adopt) {
    // As pam_slurm_adopt's action_adopt_failure=allow: in, but not accounted.
    decision.log.push_back({LOG_WARNING, "adopt failed: " + jobs->adopt_error + "; the session of " + user +
                                             " stays outside job " + std::to_string(jobs->job_ids.back())});
  }
  return decision;
}

}  // namespace bramble::pam
