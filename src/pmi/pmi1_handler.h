// The PMI-1 requests after init (COMPAT 3.5), as MPICH's simple PMI client
// sends them: one line in, at most one line out.
//
// Entry point: HandlePmi1Line. Name publishing answers info=fail (there is
// no step-wide name service); getbyidx/create_kvs/destroy_kvs get rc=-1;
// multi-line spawn and unknown commands are protocol errors.
#pragma once

#include <string_view>

#include "pmi/outcome.h"

namespace bramble::pmi {

// Handles one request line (without '\n') from the task in `task`.
Outcome HandlePmi1Line(std::string_view line, const TaskContext& task);

}  // namespace bramble::pmi
