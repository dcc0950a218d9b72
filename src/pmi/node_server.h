// The PMI server of one node's step supervisor, as pure logic: bytes from
// the tasks' PMI_FD sockets go in, actions for the stepd come out. No
// sockets, no clock, no threads; one stepd loop owns it.
//
// Connection i is local task i (StepInfo::local_ranks[i]). Its first line
// picks PMI-1 or PMI-2 (handshake.h); the node's tasks share one KVS and one
// set of node attributes (node_store.h).
//
// Fences: PMI-1 barrier_in and PMI-2 kvs-fence are the same step-wide
// fence. When every open connection has entered it, Feed returns FenceReady
// with this node's puts since the last fence; the stepd sends them to srun
// and, with srun's merge of all nodes' puts, calls FenceDone, which answers
// every waiting task. Finalized connections and connections closed without
// ever sending a byte (tasks that do not use PMI) no longer count.
//
// Failures: a task that aborts, breaks the protocol or closes its connection
// after init but before finalize yields AbortStep (once); from then on the
// server is inert and every call returns no actions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/status.h"
#include "pmi/frame_reader.h"
#include "pmi/handshake.h"
#include "pmi/node_store.h"
#include "pmi/pmi2_codec.h"
#include "pmi/step_info.h"

namespace bramble::pmi {

// Write these bytes to the connection's socket, after anything written before.
struct WriteToTask {
  size_t connection = 0;
  std::string bytes = {};
};

// Stop reading the connection and close it once its writes are flushed:
// the task finalized, or broke the protocol (an AbortStep comes with it).
struct CloseConnection {
  size_t connection = 0;
  std::string reason = {};  // for the stepd's log
};

// Every live local task entered the fence: send `puts` (this node's since
// the last fence) to srun, then call FenceDone with srun's merged answer.
struct FenceReady {
  KeyValueMap puts = {};
};

// Kill every task of the step. exit_code is PMI-1's abort exitcode, else 1.
struct AbortStep {
  int exit_code = 1;
  std::string message = {};  // e.g. "PMI protocol error from task 3: ..."
};

using Action = std::variant<WriteToTask, CloseConnection, FenceReady, AbortStep>;

// At most this many info-getnodeattr wait=TRUE requests held per task: MPICH
// holds at most one per calling thread.
inline constexpr size_t kMaxHeldRequestsPerTask = 64;
// Feed hands the frame reader at most this much at a time, so one huge
// write never sits in a connection's buffer whole.
inline constexpr size_t kFeedChunkBytes = 4096;

class NodeServer {
 public:
  // Fails when size is 0, there are no local ranks, or a local rank is
  // repeated or not below size.
  static Result<NodeServer> Create(StepInfo step);

  // Bytes read from connection `connection` (any split: partial messages or
  // several at once). Bytes for a finalized, closed or failed connection
  // are ignored.
  std::vector<Action> Feed(size_t connection, std::string_view bytes);

  // EOF on the connection. Before finalize (and after its first byte) this
  // means the task died inside PMI: AbortStep.
  std::vector<Action> Closed(size_t connection);

  // srun's answer to the FenceReady in flight: every node's puts (ours
  // included). Ignored when no fence is in flight.
  std::vector<Action> FenceDone(const KeyValueMap& all_puts);

  bool aborted() const { return aborted_; }
  bool fence_in_flight() const { return fence_in_flight_; }
  size_t connection_count() const { return connections_.size(); }

 private:
  enum class State { kOpen, kFinalized, kClosed, kFailed };
  enum class Fence { kOutside, kEntered, kUpstream };

  struct HeldNodeAttrGet {
    std::string key;
    std::optional<std::string> thrid;
  };

  struct Connection {
    uint32_t rank = 0;
    State state = State::kOpen;
    bool received_bytes = false;
    Protocol protocol = Protocol::kNotChosen;
    Pmi2Padding padding = Pmi2Padding::kUnknown;
    FrameReader reader;
    Fence fence = Fence::kOutside;
    std::string fence_reply;  // written when the fence completes
    std::vector<HeldNodeAttrGet> held;
  };

  explicit NodeServer(StepInfo step);

  void ReadFrames(size_t index, std::vector<Action>& out);
  void HandleFrame(size_t index, const std::string& frame, std::vector<Action>& out);
  void Apply(size_t index, Outcome outcome, std::vector<Action>& out);
  void Fail(size_t index, std::string reply, const std::string& detail, std::vector<Action>& out);
  void Abort(int exit_code, std::string message, std::vector<Action>& out);
  void ReleaseHeldNodeAttrGets(std::vector<Action>& out);
  void MaybeFenceReady(std::vector<Action>& out);
  std::string TaskName(size_t index) const;

  StepInfo step_;
  NodeStore store_;
  std::vector<Connection> connections_;
  bool fence_in_flight_ = false;
  bool aborted_ = false;
};

// The actions of type T in a batch, in order (for callers that handle one
// kind at a time, and for tests).
template <typename T>
std::vector<T> ActionsOf(const std::vector<Action>& actions) {
  std::vector<T> found;
  for (const Action& action : actions) {
    if (const T* typed = std::get_if<T>(&action)) found.push_back(*typed);
  }
  return found;
}

}  // namespace bramble::pmi
