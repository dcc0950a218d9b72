// Connections, fences and held requests of one node's PMI server.
#include "pmi/node_server.h"

#include <set>
#include <utility>

#include "pmi/pmi1_codec.h"
#include "pmi/pmi1_handler.h"
#include "pmi/pmi2_handler.h"

namespace bramble::pmi {
namespace {

KeyValueMap Preloaded(const StepInfo& step) {
  KeyValueMap preloaded;
  // PMI-1 clients read the mapping with an ordinary get (COMPAT 3.5); when
  // it is unknown a missing key makes them fall back to hostnames.
  if (!step.process_mapping.empty()) preloaded.emplace("PMI_process_mapping", step.process_mapping);
  return preloaded;
}

}  // namespace

Result<NodeServer> NodeServer::Create(StepInfo step) {
  if (step.size == 0) return InvalidArgument("PMI step of 0 tasks");
  if (step.local_ranks.empty()) return InvalidArgument("PMI server without local tasks");
  std::set<uint32_t> seen;
  for (uint32_t rank : step.local_ranks) {
    if (rank >= step.size) return InvalidArgument("local rank " + std::to_string(rank) + " is not below the step size");
    if (!seen.insert(rank).second) return InvalidArgument("local rank " + std::to_string(rank) + " given twice");
  }
  return NodeServer(std::move(step));
}

NodeServer::NodeServer(StepInfo step) : step_(std::move(step)), store_(Preloaded(step_)) {
  connections_.resize(step_.local_ranks.size());
  for (size_t i = 0; i < connections_.size(); ++i) connections_[i].rank = step_.local_ranks[i];
}

std::string NodeServer::TaskName(size_t index) const {
  return "task " + std::to_string(connections_[index].rank);
}

std::vector<Action> NodeServer::Feed(size_t index, std::string_view bytes) {
  std::vector<Action> out;
  if (aborted_ || bytes.empty()) return out;
  if (index >= connections_.size()) {
    Abort(1, "internal error: PMI bytes for connection " + std::to_string(index) + " which does not exist", out);
    return out;
  }
  Connection& connection = connections_[index];
  if (connection.state != State::kOpen) return out;
  connection.received_bytes = true;
  for (size_t offset = 0; offset < bytes.size() && !aborted_ && connection.state == State::kOpen;
       offset += kFeedChunkBytes) {
    connection.reader.Append(bytes.substr(offset, kFeedChunkBytes));
    ReadFrames(index, out);
  }
  return out;
}

void NodeServer::ReadFrames(size_t index, std::vector<Action>& out) {
  Connection& connection = connections_[index];
  while (!aborted_ && connection.state == State::kOpen) {
    Result<std::optional<std::string>> frame = connection.reader.Next();
    if (!frame) {
      const std::string& detail = frame.error().message();
      std::string reply = connection.protocol == Protocol::kPmi2
                              ? Pmi2Error(detail)
                              : FormatPmi1Line("error", {{"rc", "-1"}, {"msg", Pmi1Word(detail)}});
      Fail(index, std::move(reply), detail, out);
      return;
    }
    if (!frame->has_value()) return;
    HandleFrame(index, **frame, out);
  }
}

void NodeServer::HandleFrame(size_t index, const std::string& frame, std::vector<Action>& out) {
  Connection& connection = connections_[index];
  TaskContext task{step_, connection.rank, store_};
  switch (connection.protocol) {
    case Protocol::kNotChosen: {
      Outcome outcome = AnswerInit(frame, connection.protocol);
      // Bytes after the init line are already PMI-2 messages.
      if (connection.protocol == Protocol::kPmi2) connection.reader.SwitchToLengthPrefixed();
      Apply(index, std::move(outcome), out);
      break;
    }
    case Protocol::kPmi1:
      Apply(index, HandlePmi1Line(frame, task), out);
      break;
    case Protocol::kPmi2:
      Apply(index, HandlePmi2Body(frame, connection.padding, task), out);
      break;
  }
  ReleaseHeldNodeAttrGets(out);
  MaybeFenceReady(out);
}

void NodeServer::Apply(size_t index, Outcome outcome, std::vector<Action>& out) {
  Connection& connection = connections_[index];
  switch (outcome.then) {
    case Outcome::Then::kReply:
      if (!outcome.reply.empty()) out.emplace_back(WriteToTask{index, std::move(outcome.reply)});
      return;
    case Outcome::Then::kEnterFence:
      if (connection.fence != Fence::kOutside) {
        Fail(index, "", "entered a fence while already waiting in one", out);
        return;
      }
      connection.fence = Fence::kEntered;
      connection.fence_reply = std::move(outcome.reply);
      return;
    case Outcome::Then::kFinalize:
      out.emplace_back(WriteToTask{index, std::move(outcome.reply)});
      out.emplace_back(CloseConnection{index, TaskName(index) + " finalized PMI"});
      connection.state = State::kFinalized;
      connection.held.clear();
      return;
    case Outcome::Then::kWaitForNodeAttr:
      if (connection.held.size() >= kMaxHeldRequestsPerTask) {
        Fail(index, "", "more than 64 info-getnodeattr requests waiting at once", out);
        return;
      }
      connection.held.push_back(HeldNodeAttrGet{std::move(outcome.key), std::move(outcome.thrid)});
      return;
    case Outcome::Then::kAbortStep:
      Abort(outcome.exit_code, std::move(outcome.message), out);
      return;
    case Outcome::Then::kProtocolError:
      Fail(index, std::move(outcome.reply), outcome.message, out);
      return;
  }
}

void NodeServer::Fail(size_t index, std::string reply, const std::string& detail, std::vector<Action>& out) {
  Connection& connection = connections_[index];
  std::string message = "PMI protocol error from " + TaskName(index) + ": " + detail;
  if (!reply.empty()) out.emplace_back(WriteToTask{index, std::move(reply)});
  out.emplace_back(CloseConnection{index, message});
  connection.state = State::kFailed;
  Abort(1, message, out);
}

void NodeServer::Abort(int exit_code, std::string message, std::vector<Action>& out) {
  if (aborted_) return;
  aborted_ = true;
  out.emplace_back(AbortStep{exit_code, std::move(message)});
}

std::vector<Action> NodeServer::Closed(size_t index) {
  std::vector<Action> out;
  if (aborted_) return out;
  if (index >= connections_.size()) {
    Abort(1, "internal error: EOF on PMI connection " + std::to_string(index) + " which does not exist", out);
    return out;
  }
  Connection& connection = connections_[index];
  if (connection.state != State::kOpen) return out;
  connection.state = State::kClosed;
  if (!connection.received_bytes) {
    // A task that never spoke PMI (a non-MPI program) must not hold fences.
    MaybeFenceReady(out);
    return out;
  }
  Abort(1, TaskName(index) + " closed its PMI connection before PMI finalize (the task exited or crashed)", out);
  return out;
}

void NodeServer::ReleaseHeldNodeAttrGets(std::vector<Action>& out) {
  for (size_t index = 0; index < connections_.size(); ++index) {
    if (connections_[index].state != State::kOpen) continue;
    std::vector<HeldNodeAttrGet>& held = connections_[index].held;
    for (auto it = held.begin(); it != held.end();) {
      const std::string* value = store_.GetNodeAttr(it->key);
      if (value == nullptr) {
        ++it;
        continue;
      }
      out.emplace_back(WriteToTask{index, Pmi2NodeAttrFound(it->thrid, *value)});
      it = held.erase(it);
    }
  }
}

void NodeServer::MaybeFenceReady(std::vector<Action>& out) {
  if (aborted_ || fence_in_flight_) return;
  bool anyone_entered = false;
  for (const Connection& connection : connections_) {
    if (connection.state != State::kOpen) continue;
    if (connection.fence != Fence::kEntered) return;
    anyone_entered = true;
  }
  if (!anyone_entered) return;
  for (Connection& connection : connections_) {
    if (connection.state == State::kOpen) connection.fence = Fence::kUpstream;
  }
  fence_in_flight_ = true;
  out.emplace_back(FenceReady{store_.TakePutsSinceFence()});
}

std::vector<Action> NodeServer::FenceDone(const KeyValueMap& all_puts) {
  std::vector<Action> out;
  if (aborted_ || !fence_in_flight_) return out;
  store_.MergeFenceResult(all_puts);
  fence_in_flight_ = false;
  for (size_t index = 0; index < connections_.size(); ++index) {
    Connection& connection = connections_[index];
    if (connection.fence != Fence::kUpstream) continue;
    connection.fence = Fence::kOutside;
    if (connection.state == State::kOpen) out.emplace_back(WriteToTask{index, std::move(connection.fence_reply)});
    connection.fence_reply.clear();
  }
  MaybeFenceReady(out);
  return out;
}

}  // namespace bramble::pmi
