// The PMI-2 requests after init (COMPAT 3.6), as MPICH's simple PMI-2
// client sends them: one length-prefixed message in, at most one out.
//
// Entry point: HandlePmi2Body. Every reply echoes the request's thrid= (what
// threaded MPICH builds use to match replies to calls). Name publishing,
// spawn, job-connect/-disconnect and ring are answered rc=-1; unknown
// commands are protocol errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pmi/outcome.h"
#include "pmi/pmi2_codec.h"

namespace bramble::pmi {

// Handles one message body (as framed, possibly with MPICH 4.0's padding,
// which `padding` tracks for this connection) from the task in `task`.
Outcome HandlePmi2Body(std::string_view body, Pmi2Padding& padding, const TaskContext& task);

// The late answer to an info-getnodeattr that waited for its key.
std::string Pmi2NodeAttrFound(const std::optional<std::string>& thrid, std::string_view value);

// A reply for a message that could not be read at all.
std::string Pmi2Error(std::string_view message);

}  // namespace bramble::pmi
