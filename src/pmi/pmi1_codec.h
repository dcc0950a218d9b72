// PMI-1 text lines (COMPAT 3.5): "cmd=<name> key=value key=value\n".
//
// Tokens are separated by spaces; a key ends at the first '=', so values may
// hold '=' but never spaces. MPICH's simple PMI client reads and writes lines
// of at most kPmi1MaxLineBytes; the connection's first line (the init
// handshake) uses this format for PMI-2 clients too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "pmi/wire_message.h"

namespace bramble::pmi {

// PMIU_MAXLINE in MPICH's simple PMI client, counting the '\n'.
inline constexpr size_t kPmi1MaxLineBytes = 1024;

// Parses one line without its '\n'. The first token must be cmd=<name>.
// Fails on empty lines, control or non-ASCII bytes, tokens without '=' and
// empty keys. Runs of spaces count as one separator.
Result<WireMessage> ParsePmi1Line(std::string_view line);

// Formats "cmd=<command> key=value ...\n". Values must hold no spaces or
// newlines: pass task-independent text through Pmi1Word first.
std::string FormatPmi1Line(std::string_view command, const std::vector<KeyValue>& pairs);

// Text made fit for one PMI-1 value: spaces become '_' (as Slurm writes its
// msg= texts), other bytes outside printable ASCII become '?'.
std::string Pmi1Word(std::string_view text);

}  // namespace bramble::pmi
