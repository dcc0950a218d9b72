// PMI-2 request handlers and their dispatch table.
#include "pmi/pmi2_handler.h"

#include <string>
#include <vector>

namespace bramble::pmi {
namespace {

constexpr std::string_view kTrue = "TRUE";
constexpr std::string_view kFalse = "FALSE";

// "<command>-response", with thrid echoed first, then `pairs`.
std::string Response(const WireMessage& request, std::vector<KeyValue> pairs) {
  if (const std::string* thrid = request.Find("thrid")) pairs.insert(pairs.begin(), {"thrid", *thrid});
  return FormatPmi2Message(request.command + "-response", pairs);
}

Outcome Reply(const WireMessage& request, std::vector<KeyValue> pairs) {
  return ReplyNow(Response(request, std::move(pairs)));
}

Outcome Failed(const WireMessage& request, std::string_view errmsg) {
  return Reply(request, {{"rc", "-1"}, {"errmsg", std::string(errmsg)}});
}

Outcome Found(const WireMessage& request, const std::string* value) {
  if (value == nullptr) return Reply(request, {{"rc", "0"}, {"found", std::string(kFalse)}});
  return Reply(request, {{"rc", "0"}, {"found", std::string(kTrue)}, {"value", *value}});
}

Outcome FullInit(const WireMessage& request, const TaskContext& task) {
  // MPICH sends PMI_RANK (or PMI_ID) back; a mismatch means the task got
  // another task's environment or fd, and every later answer would be wrong.
  const std::string* claimed = request.Find("pmirank");
  std::string rank = std::to_string(task.rank);
  if (claimed != nullptr && *claimed != rank) {
    std::string detail = "fullinit claims pmirank " + Printable(*claimed) + " on the connection of rank " + rank;
    return ProtocolError(Response(request, {{"rc", "-1"}, {"errmsg", detail}}), detail);
  }
  // spawner-jobid is left out: its presence alone means "spawned".
  return Reply(request, {{"rc", "0"},
                         {"pmi-version", "2"},
                         {"pmi-subversion", "0"},
                         {"rank", rank},
                         {"size", std::to_string(task.step.size)},
                         {"appnum", "0"},
                         {"debugged", std::string(kFalse)},
                         {"pmiverbose", std::string(kFalse)}});
}

Outcome JobGetId(const WireMessage& request, const TaskContext& task) {
  return Reply(request, {{"rc", "0"}, {"jobid", task.step.kvs_name}});
}

Outcome KvsPut(const WireMessage& request, const TaskContext& task) {
  const std::string* key = request.Find("key");
  const std::string* value = request.Find("value");
  if (key == nullptr || value == nullptr) return Failed(request, "key and value required");
  Status stored = task.store.Put(*key, *value);
  if (!stored.ok()) return Failed(request, stored.message());
  return Reply(request, {{"rc", "0"}});
}

Outcome KvsFence(const WireMessage& request, const TaskContext&) {
  return Outcome{.then = Outcome::Then::kEnterFence, .reply = Response(request, {{"rc", "0"}})};
}

// MPICH probes with the key "-NONEXIST-KEY" after each fence; it is never
// put, so it answers found=FALSE like any missing key.
Outcome KvsGet(const WireMessage& request, const TaskContext& task) {
  const std::string* key = request.Find("key");
  if (key == nullptr) return Failed(request, "key required");
  return Found(request, task.store.Get(*key));
}

Outcome InfoGetJobAttr(const WireMessage& request, const TaskContext& task) {
  const std::string* key = request.Find("key");
  if (key == nullptr) return Failed(request, "key required");
  if (*key == "PMI_process_mapping" && !task.step.process_mapping.empty()) {
    return Found(request, &task.step.process_mapping);
  }
  if (*key == "universeSize") {
    std::string size = std::to_string(task.step.size);
    return Found(request, &size);
  }
  return Found(request, nullptr);
}

Outcome InfoPutNodeAttr(const WireMessage& request, const TaskContext& task) {
  const std::string* key = request.Find("key");
  const std::string* value = request.Find("value");
  if (key == nullptr || value == nullptr) return Failed(request, "key and value required");
  Status stored = task.store.PutNodeAttr(*key, *value);
  if (!stored.ok()) return Failed(request, stored.message());
  return Reply(request, {{"rc", "0"}});
}

Outcome InfoGetNodeAttr(const WireMessage& request, const TaskContext& task) {
  const std::string* key = request.Find("key");
  if (key == nullptr) return Failed(request, "key required");
  const std::string* value = task.store.GetNodeAttr(*key);
  const std::string* wait = request.Find("wait");
  if (value == nullptr && wait != nullptr && *wait == kTrue) {
    const std::string* thrid = request.Find("thrid");
    return Outcome{.then = Outcome::Then::kWaitForNodeAttr,
                   .key = *key,
                   .thrid = thrid ? std::optional<std::string>(*thrid) : std::nullopt};
  }
  return Found(request, value);
}

Outcome Finalize(const WireMessage& request, const TaskContext&) {
  return Outcome{.then = Outcome::Then::kFinalize, .reply = Response(request, {{"rc", "0"}})};
}

// MPICH exits right after sending abort and reads no reply. isworld=FALSE
// aborts only the caller, whose exit then closes its connection.
Outcome Abort(const WireMessage& request, const TaskContext& task) {
  const std::string* is_world = request.Find("isworld");
  if (is_world == nullptr || *is_world != kTrue) return Outcome{};
  const std::string* text = request.Find("msg");
  std::string message = "task " + std::to_string(task.rank) + " called PMI2_Abort";
  if (text != nullptr && !text->empty()) message += ": " + Printable(*text, 256);
  return Outcome{.then = Outcome::Then::kAbortStep, .exit_code = 1, .message = message};
}

Outcome NotSupported(const WireMessage& request, const TaskContext&) {
  return Failed(request, request.command + " is not supported by Bramble");
}

struct Command {
  std::string_view name;
  Outcome (*handle)(const WireMessage&, const TaskContext&);
};

constexpr Command kCommands[] = {
    {"fullinit", FullInit},
    {"job-getid", JobGetId},
    {"kvs-put", KvsPut},
    {"kvs-fence", KvsFence},
    {"kvs-get", KvsGet},
    {"info-getjobattr", InfoGetJobAttr},
    {"info-putnodeattr", InfoPutNodeAttr},
    {"info-getnodeattr", InfoGetNodeAttr},
    {"finalize", Finalize},
    {"abort", Abort},
    // Optional in PMI-2; MPICH reports the rc=-1 to the caller.
    {"name-publish", NotSupported},
    {"name-unpublish", NotSupported},
    {"name-lookup", NotSupported},
    {"spawn", NotSupported},
    {"job-connect", NotSupported},
    {"job-disconnect", NotSupported},
    {"ring", NotSupported},
};

}  // namespace

Outcome HandlePmi2Body(std::string_view body, Pmi2Padding& padding, const TaskContext& task) {
  Result<WireMessage> request = ParsePmi2Body(body, padding);
  if (!request) return ProtocolError(Pmi2Error(request.error().message()), request.error().message());
  for (const Command& command : kCommands) {
    if (request->command == command.name) return command.handle(*request, task);
  }
  std::string detail = "unknown PMI-2 command \"" + Printable(request->command) + "\"";
  std::string reply = FormatPmi2Message(Printable(request->command) + "-response", {{"rc", "-1"}, {"errmsg", detail}});
  return ProtocolError(std::move(reply), detail);
}

std::string Pmi2NodeAttrFound(const std::optional<std::string>& thrid, std::string_view value) {
  std::vector<KeyValue> pairs;
  if (thrid) pairs.emplace_back("thrid", *thrid);
  pairs.emplace_back("rc", "0");
  pairs.emplace_back("found", std::string(kTrue));
  pairs.emplace_back("value", std::string(value));
  return FormatPmi2Message("info-getnodeattr-response", pairs);
}

std::string Pmi2Error(std::string_view message) {
  return FormatPmi2Message("error", {{"rc", "-1"}, {"errmsg", std::string(message)}});
}

}  // namespace bramble::pmi
