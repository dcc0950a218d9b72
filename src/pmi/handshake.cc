// The init handshake shared by PMI-1 and PMI-2.
#include "pmi/handshake.h"

#include <string>

#include "pmi/pmi1_codec.h"

namespace bramble::pmi {

Outcome AnswerInit(std::string_view line, Protocol& chosen) {
  Result<WireMessage> init = ParsePmi1Line(line);
  if (!init) {
    std::string detail = "first line is not a PMI init: " + init.error().message();
    return ProtocolError(FormatPmi1Line("error", {{"rc", "-1"}, {"msg", Pmi1Word(detail)}}), detail);
  }
  if (init->command != "init") {
    std::string detail = "first command is \"" + Printable(init->command) + "\", not init";
    return ProtocolError(FormatPmi1Line("error", {{"rc", "-1"}, {"msg", Pmi1Word(detail)}}), detail);
  }
  const std::string* version = init->Find("pmi_version");
  if (version != nullptr && *version == "1") {
    chosen = Protocol::kPmi1;
    return ReplyNow(FormatPmi1Line("response_to_init", {{"rc", "0"}, {"pmi_version", "1"}, {"pmi_subversion", "1"}}));
  }
  if (version != nullptr && *version == "2") {
    chosen = Protocol::kPmi2;
    return ReplyNow(FormatPmi1Line("response_to_init", {{"rc", "0"}, {"pmi_version", "2"}, {"pmi_subversion", "0"}}));
  }
  // MPICH prints "pmi_version mismatch" with the versions from this reply.
  std::string detail = "unsupported pmi_version \"" + Printable(version ? *version : "") + "\" (1 and 2 are served)";
  return ProtocolError(
      FormatPmi1Line("response_to_init", {{"rc", "-1"}, {"pmi_version", "1"}, {"pmi_subversion", "1"}}), detail);
}

}  // namespace bramble::pmi
