// scancel option parsing; see scancel_options.h.
#include "cli/scancel_options.h"

#include <map>
#include <set>
#include <utility>

#include "cli/getopt_runner.h"
#include "cli/signal_name.h"
#include "common/array_spec.h"
#include "proto/job_state.h"

namespace bramble::cli {
namespace {

enum : int { kOptMe = 0x100, kOptUsageScancel };

constexpr OptionSpec kScancelTable[] = {
    {"batch", no_argument, 'b'},
    {"full", no_argument, 'f'},
    {"help", no_argument, 'h'},
    {"hurry", no_argument, 'H'},
    {"cluster", required_argument, 'M'},
    {"clusters", required_argument, 'M'},
    {"name", required_argument, 'n'},
    {"jobname", required_argument, 'n'},
    {"partition", required_argument, 'p'},
    {"quiet", no_argument, 'Q'},
    {"signal", required_argument, 's'},
    {"state", required_argument, 't'},
    {"states", required_argument, 't'},
    {"user", required_argument, 'u'},
    {"usage", no_argument, kOptUsageScancel},
    {"verbose", no_argument, 'v'},
    {"version", no_argument, 'V'},
    {"me", no_argument, kOptMe},
};

Status ScancelError(const std::string& text) { return InvalidArgument("scancel: error: " + text); }

// -t: one state or a comma list ("PENDING", "pd,r").
Status AddStates(const std::string& list, proto::CancelJobs* request) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    std::string name = list.substr(start, comma - start);
    start = comma + 1;
    auto state = ParseJobState(name);
    if (!state) return ScancelError("Invalid job state specified: " + name);
    request->add_states(*state);
  }
  return Status::Ok();
}

// Applies one option; help, usage and version set the action.
Status ApplyScancelOption(const ParsedOption& option, ScancelOptions* out) {
  proto::CancelJobs& request = out->request;
  const std::string value = option.value.value_or("");
  switch (option.id) {
    case 'b': request.set_batch_only(true); break;
    case 'h': out->action = ScancelAction::kHelp; break;
    case kOptUsageScancel: out->action = ScancelAction::kUsage; break;
    case 'V': out->action = ScancelAction::kVersion; break;
    case 'n': request.set_name(value); break;
    case 'p': request.set_partition(value); break;
    case 'Q': out->quiet = true; break;
    case 'u': request.set_user(value); break;
    case 'v': ++out->verbose; break;
    case kOptMe: out->me = true; break;
    case 't': return AddStates(value, &request);
    case 's': {
      auto signal = ParseSignal(value);
      if (!signal) return ScancelError("Unknown job signal: " + value);
      request.set_signal(*signal);
      break;
    }
    default:  // -f (every step and the batch shell is what we do anyway), -H, -M
      break;
  }
  return Status::Ok();
}

}  // namespace

Result<ScancelOptions> ParseScancel(const std::vector<std::string>& args) {
  auto parsed = RunGetopt("scancel", kScancelTable, args, ArgOrder::kPermute);
  if (!parsed) return parsed.error();
  ScancelOptions out;
  for (const ParsedOption& option : parsed->options) {
    BRAMBLE_RETURN_IF_ERROR(ApplyScancelOption(option, &out));
    if (out.action != ScancelAction::kCancel) return out;
  }
  for (const std::string& operand : parsed->operands) {
    auto ref = ParseJobRef(operand);
    if (!ref) return ScancelError("Invalid job id " + operand);
    if (ref->tasks) {
      out.array_tasks.push_back(std::move(*ref));
    } else {
      out.request.add_job_ids(ref->job_id);
    }
  }
  const proto::CancelJobs& r = out.request;
  bool filtered = out.me || !r.user().empty() || !r.name().empty() || r.states_size() > 0 || !r.partition().empty();
  if (r.job_ids_size() == 0 && out.array_tasks.empty() && !filtered) {
    return ScancelError("No job identification provided");
  }
  return out;
}

ResolvedTasks ResolveArrayTasks(const std::vector<JobRef>& refs,
                                const google::protobuf::RepeatedPtrField<proto::JobRecord>& jobs) {
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> task_ids;  // (array job id, index) -> job id
  for (const proto::JobRecord& job : jobs) {
    if (job.array_job_id() == 0) continue;
    task_ids[{job.array_job_id(), job.array_task_id()}] = job.job_id();
  }
  ResolvedTasks resolved;
  auto error = [&](uint32_t array, uint32_t index, const std::string& reason) {
    resolved.errors.push_back("scancel: error: Kill job error on job id " + FormatArrayTaskId(array, index) + ": " +
                              reason);
  };
  for (const JobRef& ref : refs) {
    for (uint32_t index : ref.tasks.value_or(std::vector<uint32_t>{})) {
      auto found = task_ids.find({ref.job_id, index});
      if (found == task_ids.end()) {
        error(ref.job_id, index, "Invalid job id specified");
      } else {
        resolved.job_ids.push_back(found->second);
      }
    }
  }
  return resolved;
}

std::string ScancelUsageText() {
  return "Usage: scancel [--batch] [--full] [-n job_name] [-p partition] [-Q]\n"
         "               [-s signal | integer] [-t PENDING | RUNNING] [--usage]\n"
         "               [-u user_name] [--me] [-V] [-v] [job_id...]\n";
}

std::string ScancelHelpText() {
  return "Usage: scancel [OPTIONS] [job_id[_array_id][.step_id]]\n"
         "  -b, --batch                     signal batch shell for specified job\n"
         "  -f, --full                      signal batch shell and all steps for specified job\n"
         "  -H, --hurry                     avoid burst buffer stage out\n"
         "      --me                        cancel jobs of the current user\n"
         "  -M, --clusters                  clusters to issue commands to (ignored)\n"
         "  -n, --name=job_name             act only on jobs with this name\n"
         "  -p, --partition=partition       act only on jobs in this partition\n"
         "  -Q, --quiet                     disable warnings\n"
         "  -s, --signal=name | integer     signal to send to job, default cancels it\n"
         "  -t, --state=states              act only on jobs in this state\n"
         "  -u, --user=user_name            act only on jobs of this user\n"
         "  -v, --verbose                   verbosity level\n"
         "  -V, --version                   output version information and exit\n"
         "\n"
         "Help options:\n"
         "  --help                          show this help message\n"
         "  --usage                         display brief usage message\n";
}

}  // namespace bramble::cli
