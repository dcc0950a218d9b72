// scontrol: show and change cluster state (COMPAT.md 6.1, 8.4, 10 P1).
//
// A table maps the first word (show, ping, update, hold, release, requeue,
// ...) to a handler; `show` has its own table of entities. Words match as
// in Slurm: case-insensitive, unambiguous prefixes allowed. Layouts come
// from cli/scontrol_show_job.h (jobs) and cli/show.h (nodes, partitions),
// update and requeue parsing from cli/scontrol_args.h; this file only talks
// to the controller and prints. Errors use Slurm's wording
// ("slurm_load_jobs error: Invalid job id specified") and exit 1.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "cli/getopt_runner.h"
#include "cli/job_id_list.h"
#include "cli/scontrol_args.h"
#include "cli/scontrol_show_job.h"
#include "cli/show.h"
#include "commands/call_errors.h"
#include "commands/client.h"
#include "commands/commands.h"
#include "common/duration.h"
#include "common/hostlist.h"

namespace bramble::commands {
namespace {

using Words = std::vector<std::string>;

bool g_one_liner = false;  // -o: one line per record

constexpr cli::OptionSpec kScontrolOptions[] = {
    {"all", no_argument, 'a'},           {"details", no_argument, 'd'},        {"help", no_argument, 'h'},
    {"cluster", required_argument, 'M'}, {"clusters", required_argument, 'M'}, {"oneliner", no_argument, 'o'},
    {"quiet", no_argument, 'Q'},         {"verbose", no_argument, 'v'},        {"version", no_argument, 'V'},
};

// Prints `line` on stderr and returns exit code 1.
int Fail(const std::string& line) {
  std::fprintf(stderr, "%s\n", line.c_str());
  return 1;
}

int PrintHelp(const Words&) { return std::fputs(cli::ScontrolHelpText().c_str(), stdout) >= 0 ? 0 : 1; }
int PrintVersion(const Words&) { return std::printf("%s\n", kVersion) > 0 ? 0 : 1; }

// Prints one record: as given, or with -o folded onto one line.
void PrintRecord(const std::string& block) {
  std::fputs((g_one_liner ? cli::OneLiner(block) : block).c_str(), stdout);
}

// Calls the controller; on any failure prints "<prefix>: <text>" and
// returns an error whose text was printed.
Result<proto::Response> Call(const proto::Request& request, const char* prefix) {
  auto response = CallController(request);
  if (ReportCallFailure(response, prefix)) return Internal(prefix);
  return response;
}

// show job [<id> | <id>_<task>]: an array's id shows all its tasks.
int ShowJobs(const Words& args) {
  constexpr const char* kInvalidId = "slurm_load_jobs error: Invalid job id specified";
  proto::Request request;
  proto::QueryJobs* query = request.mutable_query_jobs();
  std::optional<cli::JobRef> wanted;
  if (!args.empty()) {
    auto ref = cli::ParseJobRef(args[0]);
    if (!ref || (ref->tasks && ref->tasks->size() != 1)) return Fail(kInvalidId);
    wanted = *ref;
    query->add_job_ids(ref->job_id);
  }
  auto response = Call(request, "slurm_load_jobs error");
  if (!response) return 1;
  const proto::JobsReply& reply = response->jobs();
  int printed = 0;
  for (const proto::JobRecord& job : reply.jobs()) {
    if (wanted && wanted->tasks &&
        !(job.array_job_id() == wanted->job_id && job.array_task_id() == wanted->tasks->front())) {
      continue;
    }
    PrintRecord(cli::ShowJobRecord(job, reply.now()));
    ++printed;
  }
  if (printed == 0 && wanted) return Fail(kInvalidId);
  if (printed == 0) return std::printf("No jobs in the system\n") > 0 ? 0 : 1;
  return 0;
}

// show node[s] / show partition[s]: both come from one QueryNodes.
int ShowNodesOrPartitions(const Words& args, bool partitions) {
  proto::Request request;
  request.mutable_query_nodes();
  auto response = Call(request, partitions ? "slurm_load_partitions error" : "slurm_load_node error");
  if (!response) return 1;
  const proto::NodesReply& reply = response->nodes();
  const char* kind = partitions ? "Partition" : "Node";
  std::vector<std::string> wanted;
  if (!args.empty()) {
    auto names = partitions ? Result<std::vector<std::string>>(Words{args[0]}) : ExpandHostlist(args[0]);
    wanted = names ? *names : Words{args[0]};
  }
  int printed = 0;
  auto show = [&](const std::string& name) {
    bool all = wanted.empty();
    for (const auto& n : reply.nodes()) {
      if (partitions || !(all || n.name() == name)) continue;
      PrintRecord(cli::ShowNode(n, reply.now()));
      ++printed;
    }
    for (const auto& p : reply.partitions()) {
      if (!partitions || !(all || p.name() == name)) continue;
      PrintRecord(cli::ShowPartition(p, reply));
      ++printed;
    }
  };
  if (wanted.empty()) {
    show("");
    if (printed == 0) std::printf("No %s in the system\n", partitions ? "partitions" : "nodes");
    return 0;
  }
  int rc = 0;
  for (const std::string& name : wanted) {
    int before = printed;
    show(name);
    if (printed == before) {
      std::printf("%s %s not found\n", kind, name.c_str());
      rc = 1;
    }
  }
  return rc;
}

int ShowConfig(const Words&) {
  proto::Request request;
  request.mutable_show_config();
  auto response = Call(request, "slurm_load_ctl_conf error");
  if (!response) return 1;
  std::printf("Configuration data as of %s\n", FormatTimestamp(std::time(nullptr)).c_str());
  for (const std::string& line : response->config().lines()) std::printf("%s\n", line.c_str());
  return 0;
}

// show hostnames [list] (default $SLURM_JOB_NODELIST) and show hostlist a,b,c.
int ShowHosts(const Words& args, bool expand) {
  std::string list;
  for (const std::string& arg : args) list += (list.empty() ? "" : ",") + arg;
  const char* env = std::getenv("SLURM_JOB_NODELIST");
  if (list.empty() && expand && env) list = env;
  if (list.empty()) return Fail("scontrol: error: host list is empty");
  auto names = ExpandHostlist(list);
  if (!names) return Fail("scontrol: error: Invalid hostlist: " + list);
  if (expand) {
    for (const std::string& name : *names) std::printf("%s\n", name.c_str());
  } else {
    std::printf("%s\n", CompressHostlist(*names).c_str());
  }
  return 0;
}

struct Command {
  const char* keyword;
  size_t min_length;  // shortest prefix accepted, as in Slurm's scontrol
  int (*run)(const Words& args);  // args after the keyword
};

constexpr Command kShowEntities[] = {
    {"jobs", 1, ShowJobs},
    {"nodes", 1, [](const Words& a) { return ShowNodesOrPartitions(a, false); }},
    {"partitions", 2, [](const Words& a) { return ShowNodesOrPartitions(a, true); }},
    {"config", 1, ShowConfig},
    {"hostnames", 5, [](const Words& a) { return ShowHosts(a, true); }},
    {"hostlist", 5, [](const Words& a) { return ShowHosts(a, false); }},
};

int Dispatch(const Command* table, size_t size, const Words& words, const char* context);

int Show(const Words& args) {
  if (args.empty()) return Fail("scontrol: error: too few arguments for keyword:show");
  return Dispatch(kShowEntities, std::size(kShowEntities), args, "show");
}

int Ping(const Words&) {
  auto config = LoadClientConfig();
  std::string host = config ? config->controller_host : "(unknown)";
  proto::Request request;
  request.mutable_ping();
  auto response = CallController(request, std::chrono::seconds(5));
  bool up = response && response->code() == 0;
  std::printf("Slurmctld(primary) at %s is %s\n", host.c_str(), up ? "UP" : "DOWN");
  return up ? 0 : 1;
}

// update JobId=... | NodeName=... | UserLimits=/GroupLimits=...: prints
// nothing on success.
int Update(const Words& args) {
  auto command = cli::ParseUpdate(args);
  if (!command) return Fail(command.error().message());
  proto::Request request;
  switch (command->kind) {
    case cli::UpdateKind::kJob: *request.mutable_update_job() = command->job; break;
    case cli::UpdateKind::kNode: *request.mutable_update_node() = command->node; break;
    case cli::UpdateKind::kLimits: *request.mutable_update_limits() = command->limits; break;
  }
  return Call(request, "slurm_update error") ? 0 : 1;
}

// Sends one job's hold/release/requeue. A refusal prints Slurm's
// "<reason> for job <id>" (scontrol's update_job.c) and gives 1, so that
// the caller goes on with the other jobs; an unreachable controller gives
// -1 after "<prefix>: <error>".
int CallForJob(const proto::Request& request, uint32_t id, const char* prefix) {
  auto response = CallController(request);
  if (response && response->code() != 0) {
    std::fprintf(stderr, "%s for job %u\n", response->error().c_str(), id);
    return 1;
  }
  return ReportCallFailure(response, prefix) ? -1 : 0;
}

// hold / release <job_list>.
int SetHold(const Words& args, bool hold) {
  auto ids = cli::ParseJobIdList(args);
  if (!ids || ids->empty()) return Fail("scontrol: error: Invalid job id specified");
  int rc = 0;
  for (uint32_t id : *ids) {
    proto::Request request;
    request.mutable_update_job()->set_job_id(id);
    request.mutable_update_job()->set_hold(hold);
    int one = CallForJob(request, id, "slurm_update error");
    if (one < 0) return 1;
    rc = std::max(rc, one);
  }
  return rc;
}

// requeue <job_list>...: each job back to PENDING; a refused job does not
// stop the others.
int Requeue(const Words& args) {
  auto ids = cli::ParseRequeue(args);
  if (!ids) return Fail(ids.error().message());
  int rc = 0;
  for (uint32_t id : *ids) {
    proto::Request request;
    request.mutable_update_job()->set_job_id(id);
    request.mutable_update_job()->set_requeue(true);
    int one = CallForJob(request, id, "slurm_requeue error");
    if (one < 0) return 1;
    rc = std::max(rc, one);
  }
  return rc;
}

constexpr Command kCommands[] = {
    {"show", 3, Show},
    {"ping", 3, Ping},
    {"update", 1, Update},
    {"hold", 2, [](const Words& a) { return SetHold(a, true); }},
    {"release", 3, [](const Words& a) { return SetHold(a, false); }},
    {"requeue", 3, Requeue},
    {"version", 4, PrintVersion},
    {"help", 4, PrintHelp},
};

int Dispatch(const Command* table, size_t size, const Words& words, const char* context) {
  for (size_t i = 0; i < size; ++i) {
    if (cli::KeywordMatches(words[0], table[i].keyword, table[i].min_length)) {
      return table[i].run(Words(words.begin() + 1, words.end()));
    }
  }
  if (context[0] == '\0') return Fail("invalid keyword: " + words[0]);
  return Fail("invalid entity:" + words[0] + " for keyword:" + context);
}

}  // namespace

int ScontrolMain(int argc, char** argv) {
  auto parsed = cli::RunGetopt("scontrol", kScontrolOptions, Words(argv + 1, argv + argc), cli::ArgOrder::kPermute);
  if (!parsed) return Fail(parsed.error().message());
  for (const cli::ParsedOption& option : parsed->options) {
    if (option.id == 'h') return PrintHelp({});
    if (option.id == 'V') return PrintVersion({});
    if (option.id == 'o') g_one_liner = true;
  }
  if (parsed->operands.empty()) {
    return Fail("scontrol: error: interactive mode is not available in this version of Bramble");
  }
  return Dispatch(kCommands, std::size(kCommands), parsed->operands, "");
}

}  // namespace bramble::commands
