// Per-user and per-group limits outside the scheduler: MaxSubmitJobs at
// submission, and an operator's run-time change of a UserLimits=/
// GroupLimits= entry (`scontrol update UserLimits=alice MaxJobs=4`). The
// running-job limits (MaxJobs, GrpTRES, MaxWall) are the scheduler's, which
// reads Config::limits every pass, so a change applies at the next pass.
//
// A run-time change is stored, whole entry and all, with the settings the
// file gave that name at the time. It outlives restarts (sacctmgr's changes
// do too) until the file's settings for that name change: an edit of the
// file is the newer word, and the stored change is dropped with a warning.
#include "common/log.h"
#include "common/split.h"
#include "controller/controller.h"
#include "net/frame.h"

namespace bramble::controller {

Status Controller::CheckSubmitLimits(const proto::JobRecord& job, size_t new_jobs) const {
  for (const auto& [kind, name] : {std::pair<std::string, std::string>{"user", job.user()},
                                   std::pair<std::string, std::string>{"group", job.group()}}) {
    const LimitConfig* limits = config_.FindLimits(kind, name);
    if (limits == nullptr || !limits->max_submit_jobs) continue;
    size_t queued = 0;
    for (proto::JobRecord* active : jobs_.active()) {
      const proto::JobRecord& other = *active;
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
  LimitConfig current;
  // A new entry starts from DEFAULT, as in the configuration.
  if (const LimitConfig* found = config_.FindLimits(request.kind(), request.name())) current = *found;
  current.kind = request.kind();
  current.name = request.name();
  auto updated = ParseLimitUpdate(current, settings);
  if (!updated) return net::ErrorResponse(Code::kInvalidArgument, updated.error().message());
  store::LimitChange change{request.kind(), request.name(), FileLimitSettings(request.kind(), request.name()),
                            JoinList(FormatLimitSettings(*updated), " ")};
  Status stored = store_->Commit({.upsert_limit_changes = {change}});
  if (!stored.ok()) {
    spdlog::error("store commit failed: {}", stored.message());
    return net::ErrorResponse(Code::kUnavailable, "Unable to save state");
  }
  SetLimits(config_.limits, *updated);
  spdlog::info("uid {} changed {} limits of {}", uid, request.kind(), request.name());
  RequestSchedule();
  return proto::Response();
}

std::string Controller::FileLimitSettings(const std::string& kind, const std::string& name) const {
  const LimitConfig* applies = FindLimits(file_limits_, kind, name);
  return applies != nullptr ? JoinList(FormatLimitSettings(*applies), " ") : "";
}

void Controller::ApplyStoredLimitChanges(const std::vector<store::LimitChange>& changes) {
  for (const store::LimitChange& change : changes) {
    std::string file = FileLimitSettings(change.kind, change.name);
    std::string line = change.kind == "user" ? "UserLimits=" : "GroupLimits=";
    if (file != change.file_settings) {
      spdlog::warn("{}{} in the configuration changed since an operator set '{}' at run time; "
                   "the configuration's '{}' applies",
                   line, change.name, change.settings, file);
      continue;
    }
    LimitConfig empty;
    empty.kind = change.kind;
    empty.name = change.name;
    auto limits = ParseLimitUpdate(empty, SplitList(change.settings, ' '));
    if (!limits) {
      spdlog::warn("stored limits of {}{} ('{}') do not parse: {}; ignored", line, change.name, change.settings,
                   limits.error().message());
      continue;
    }
    SetLimits(config_.limits, *limits);
    spdlog::info("{}{} {} (set at run time)", line, change.name, change.settings);
  }
}

}  // namespace bramble::controller
