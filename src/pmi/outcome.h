// The contract between the protocol handlers (pmi1_handler.h,
// pmi2_handler.h, handshake.h) and the node server: a handler reads one
// request and says what to answer and what else must happen; the node
// server owns the connections, the fence and the held requests.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "pmi/node_store.h"
#include "pmi/step_info.h"

namespace bramble::pmi {

// What a handler may read and change.
struct TaskContext {
  const StepInfo& step;
  uint32_t rank;     // the global rank of the requesting task
  NodeStore& store;
};

struct Outcome {
  enum class Then {
    kReply,            // write `reply` now (nothing when empty)
    kEnterFence,       // hold `reply` until the fence completes
    kFinalize,         // write `reply`, then close: the task is done with PMI
    kWaitForNodeAttr,  // hold until a local task puts node attribute `key`
    kAbortStep,        // no reply; kill the step (`exit_code`, `message`)
    kProtocolError,    // write `reply` if any, close, abort with `message`
  };
  Then then = Then::kReply;
  std::string reply = {};
  std::string key = {};                   // kWaitForNodeAttr
  std::optional<std::string> thrid = {};  // kWaitForNodeAttr: echoed in the late reply
  int exit_code = 0;                      // kAbortStep
  std::string message = {};               // kAbortStep, kProtocolError: for the log and the user
};

inline Outcome ReplyNow(std::string reply) { return Outcome{.reply = std::move(reply)}; }

inline Outcome ProtocolError(std::string reply, std::string message) {
  return Outcome{.then = Outcome::Then::kProtocolError, .reply = std::move(reply), .message = std::move(message)};
}

}  // namespace bramble::pmi
