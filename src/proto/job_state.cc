// Job state names; see job_state.h.
#include "proto/job_state.h"

#include <strings.h>

#include <array>

namespace bramble {
namespace {

struct StateName {
  proto::JobState state;
  const char* name;
  const char* code;
};

constexpr std::array<StateName, 9> kStates = {{
    {proto::PENDING, "PENDING", "PD"},
    {proto::RUNNING, "RUNNING", "R"},
    {proto::COMPLETED, "COMPLETED", "CD"},
    {proto::FAILED, "FAILED", "F"},
    {proto::CANCELLED, "CANCELLED", "CA"},
    {proto::TIMEOUT, "TIMEOUT", "TO"},
    {proto::NODE_FAIL, "NODE_FAIL", "NF"},
    {proto::OUT_OF_MEMORY, "OUT_OF_MEMORY", "OOM"},
    {proto::REQUEUED, "REQUEUED", "RQ"},
}};

const StateName* Find(proto::JobState state) {
  for (const auto& entry : kStates) {
    if (entry.state == state) return &entry;
  }
  return nullptr;
}

}  // namespace

const char* JobStateName(proto::JobState state) {
  const StateName* entry = Find(state);
  return entry ? entry->name : "UNKNOWN";
}

const char* JobStateCode(proto::JobState state) {
  const StateName* entry = Find(state);
  return entry ? entry->code : "??";
}

std::string DisplayStateName(const proto::JobRecord& job) {
  return job.completing() ? "COMPLETING" : JobStateName(job.state());
}

std::string DisplayStateCode(const proto::JobRecord& job) {
  return job.completing() ? "CG" : JobStateCode(job.state());
}

std::optional<proto::JobState> ParseJobState(std::string_view text) {
  std::string s(text);
  for (const auto& entry : kStates) {
    if (strcasecmp(s.c_str(), entry.name) == 0 || strcasecmp(s.c_str(), entry.code) == 0) {
      return entry.state;
    }
  }
  return std::nullopt;
}

bool IsFinished(proto::JobState state) { return state != proto::PENDING && state != proto::RUNNING; }

}  // namespace bramble
