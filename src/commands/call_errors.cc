// Reporting failed controller calls; see call_errors.h.
#include "commands/call_errors.h"

#include <cstdio>
#include <string>

namespace bramble::commands {

bool ReportLoadFailure(const Result<proto::Response>& response, const char* prefix, const char* program) {
  if (response) return ReportCallFailure(response, prefix);
  const Status& status = response.error();
  std::string first;
  if (status.code() == Code::kUnavailable) {
    first = "Unable to contact slurm controller (connect failure)";
  } else if (status.code() == Code::kDeadlineExceeded) {
    first = "Socket timed out on send/recv operation";
  } else {
    first = status.message();
  }
  std::fprintf(stderr, "%s: %s\n", prefix, first.c_str());
  if (first != status.message()) std::fprintf(stderr, "%s: error: %s\n", program, status.message().c_str());
  return true;
}

bool ReportCallFailure(const Result<proto::Response>& response, const char* prefix) {
  if (response && response->code() == 0) return false;
  std::string text = response ? response->error() : response.error().message();
  std::fprintf(stderr, "%s: %s\n", prefix, text.c_str());
  return true;
}

}  // namespace bramble::commands
