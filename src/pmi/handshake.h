// The first line of every PMI connection, which picks the protocol
// (COMPAT 3.5, 3.6): "cmd=init pmi_version=1 pmi_subversion=1" for PMI-1,
// "cmd=init pmi_version=2 pmi_subversion=0" for PMI-2, answered with
// cmd=response_to_init in the same text format either way.
#pragma once

#include <string_view>

#include "pmi/outcome.h"

namespace bramble::pmi {

enum class Protocol { kNotChosen, kPmi1, kPmi2 };

// Answers the init line; sets `chosen` when it is a supported init.
// Anything else is a protocol error (with a reply the client can read).
Outcome AnswerInit(std::string_view line, Protocol& chosen);

}  // namespace bramble::pmi
