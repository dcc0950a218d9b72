// PMI-1 request handlers and their dispatch table.
#include "pmi/pmi1_handler.h"

#include <charconv>
#include <string>
#include <vector>

#include "pmi/pmi1_codec.h"

namespace bramble::pmi {
namespace {

Outcome Reply(std::string_view command, const std::vector<KeyValue>& pairs) {
  return ReplyNow(FormatPmi1Line(command, pairs));
}

Outcome GetMaxes(const WireMessage&, const TaskContext&) {
  return Reply("maxes", {{"rc", "0"}, {"kvsname_max", "256"}, {"keylen_max", std::to_string(kMaxKeyBytes)},
                         {"vallen_max", std::to_string(kMaxValueBytes)}});
}

// Slurm answers -1 and Hydra 0; MPICH uses it as MPI_APPNUM, so 0 is safer.
Outcome GetAppnum(const WireMessage&, const TaskContext&) { return Reply("appnum", {{"rc", "0"}, {"appnum", "0"}}); }

Outcome GetMyKvsname(const WireMessage&, const TaskContext& task) {
  return Reply("my_kvsname", {{"rc", "0"}, {"kvsname", task.step.kvs_name}});
}

Outcome GetUniverseSize(const WireMessage&, const TaskContext& task) {
  return Reply("universe_size", {{"rc", "0"}, {"size", std::to_string(task.step.size)}});
}

Outcome Put(const WireMessage& request, const TaskContext& task) {
  const std::string* key = request.Find("key");
  const std::string* value = request.Find("value");
  if (key == nullptr || value == nullptr) return Reply("put_result", {{"rc", "-1"}, {"msg", "key_and_value_required"}});
  Status stored = task.store.Put(*key, *value);
  if (!stored.ok()) return Reply("put_result", {{"rc", "-1"}, {"msg", Pmi1Word(stored.message())}});
  return Reply("put_result", {{"rc", "0"}});
}

Outcome Get(const WireMessage& request, const TaskContext& task) {
  const std::string* key = request.Find("key");
  const std::string* value = key == nullptr ? nullptr : task.store.Get(*key);
  if (value == nullptr) return Reply("get_result", {{"rc", "1"}});
  return Reply("get_result", {{"rc", "0"}, {"value", *value}});
}

Outcome BarrierIn(const WireMessage&, const TaskContext&) {
  return Outcome{.then = Outcome::Then::kEnterFence, .reply = FormatPmi1Line("barrier_out", {{"rc", "0"}})};
}

Outcome Finalize(const WireMessage&, const TaskContext&) {
  return Outcome{.then = Outcome::Then::kFinalize, .reply = FormatPmi1Line("finalize_ack", {{"rc", "0"}})};
}

Outcome Abort(const WireMessage& request, const TaskContext& task) {
  int exit_code = 1;
  if (const std::string* text = request.Find("exitcode")) {
    std::from_chars(text->data(), text->data() + text->size(), exit_code);
  }
  return Outcome{.then = Outcome::Then::kAbortStep,
                 .exit_code = exit_code,
                 .message = "task " + std::to_string(task.rank) + " called PMI_Abort with exit code " +
                            std::to_string(exit_code)};
}

Outcome PublishName(const WireMessage&, const TaskContext&) {
  return Reply("publish_result", {{"info", "fail"}, {"msg", "name_service_not_supported"}});
}

Outcome UnpublishName(const WireMessage&, const TaskContext&) {
  return Reply("unpublish_result", {{"info", "fail"}, {"msg", "name_service_not_supported"}});
}

Outcome LookupName(const WireMessage&, const TaskContext&) {
  return Reply("lookup_result", {{"info", "fail"}, {"msg", "name_service_not_supported"}});
}

struct Command {
  std::string_view name;
  Outcome (*handle)(const WireMessage&, const TaskContext&);
};

constexpr Command kCommands[] = {
    {"get_maxes", GetMaxes},
    {"get_appnum", GetAppnum},
    {"get_my_kvsname", GetMyKvsname},
    {"get_universe_size", GetUniverseSize},
    {"put", Put},
    {"get", Get},
    {"barrier_in", BarrierIn},
    {"finalize", Finalize},
    {"abort", Abort},
    {"publish_name", PublishName},
    {"unpublish_name", UnpublishName},
    {"lookup_name", LookupName},
};

// Valid PMI-1 that MPICH never sends and Slurm refuses: answered rc=-1 under
// the response name the client waits for.
struct Refused {
  std::string_view name;
  std::string_view response;
};

constexpr Refused kRefused[] = {
    {"getbyidx", "getbyidx_results"},
    {"create_kvs", "newkvs"},
    {"destroy_kvs", "kvs_destroyed"},
};

}  // namespace

Outcome HandlePmi1Line(std::string_view line, const TaskContext& task) {
  if (line.starts_with("mcmd=")) {
    std::string detail = "multi-line PMI-1 commands (mcmd=, from PMI_Spawn_multiple) are not supported";
    return ProtocolError(FormatPmi1Line("spawn_result", {{"rc", "-1"}, {"msg", Pmi1Word(detail)}}), detail);
  }
  Result<WireMessage> request = ParsePmi1Line(line);
  if (!request) {
    return ProtocolError(FormatPmi1Line("error", {{"rc", "-1"}, {"msg", Pmi1Word(request.error().message())}}),
                         request.error().message());
  }
  for (const Command& command : kCommands) {
    if (request->command == command.name) return command.handle(*request, task);
  }
  for (const Refused& refused : kRefused) {
    if (request->command == refused.name) return Reply(refused.response, {{"rc", "-1"}, {"msg", "not_supported"}});
  }
  std::string detail = "unknown PMI-1 command \"" + Printable(request->command) + "\"";
  return ProtocolError(FormatPmi1Line(Pmi1Word(request->command), {{"rc", "-1"}, {"msg", Pmi1Word(detail)}}), detail);
}

}  // namespace bramble::pmi
