// Per-user and per-group limits outside the scheduler: MaxSubmitJobs at
// submission, and an operator's run-time change of a UserLimits=/
// GroupLimits= entry (`scontrol update UserLimits=alice MaxJobs=4`). The
// running-job limits (MaxJobs, GrpTRES, MaxWall) are the scheduler's, which
// reads Config::limits every pass, so a change applies at the next pass.
//
// A run-time change lives until the controller restarts; the configuration
// file stays the lasting source, as with `scontrol update` of a partition.
#include <algorithm>

#include "common/log.h"
#include "controller/controller.h"
#include "net/frame.h"

namespace bramble::controller {

Status Controller::CheckSubmitLimits(const proto::JobRecord& job, size_t new_jobs) const {
  for (const auto& [kind, name] : {std::pair<std::string, std::string>{"user", job.user()},
                                   std::pair<std::string, std::string>{"group", job.group()}}) {
    const LimitConfig* limits = config_.FindLimits(kind, name);
    if (limits == nullptr || !limits->max_submit_jobs) continue;
    size_t queued = 0;
    for (const auto& [id, other] : jobs_) {
      if (IsFinished(other.state())) continue;
      if ((kind == "user" ? other.user() : other.group()) == name) ++queued;
    }
    if (queued + new_jobs > *limits->max_submit_jobs) {
      return InvalidArgument("Job violates accounting/QOS policy (job submit limit, user's size and/or time limits)");
    }
  }
  return Status::Ok();
}

proto::Response Controller::UpdateLimits(const net::CallContext& ctx, const proto::UpdateLimits& request) {
  uint32_t uid = ctx.credential.uid();
  if (!IsOperator(uid)) {
    spdlog::warn("uid {} may not change limits", uid);
    return net::ErrorResponse(Code::kPermissionDenied, "Access/permission denied");
  }
  if ((request.kind() != "user" && request.kind() != "group") || request.name().empty()) {
    return net::ErrorResponse(Code::kInvalidArgument, "Invalid limits entry: give UserLimits=<name> or GroupLimits=<name>");
  }
  std::vector<std::string> settings(request.settings().begin(), request.settings().end());
  auto own = std::find_if(config_.limits.begin(), config_.limits.end(), [&](const LimitConfig& l) {
    return l.kind == request.kind() && l.name == request.name();
  });
  LimitConfig current;
  if (own != config_.limits.end()) {
    current = *own;
  } else if (const LimitConfig* fallback = config_.FindLimits(request.kind(), std::string(kDefaultLimits))) {
    current = *fallback;  // a new entry starts from DEFAULT, as in the configuration
  }
  current.kind = request.kind();
  current.name = request.name();
  auto updated = ParseLimitUpdate(current, settings);
  if (!updated) return net::ErrorResponse(Code::kInvalidArgument, updated.error().message());
  if (own != config_.limits.end()) {
    *own = *updated;
  } else {
    config_.limits.push_back(*updated);
  }
  spdlog::info("uid {} changed {} limits of {}", uid, request.kind(), request.name());
  RequestSchedule();
  return proto::Response();
}

}  // namespace bramble::controller
