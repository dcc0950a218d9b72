// sbatch: submit a batch script (COMPAT.md 8.5).
//
// Parsing is cli::ParseSbatch; this file gathers what it needs from the
// process (arguments, environment, cwd, host name, umask, the script) and
// sends one SubmitJob. A transport failure is retried a few times with the
// same request_id, which the controller deduplicates, so a retry never
// creates a second job. stdout carries only the job id line (clients scrape
// it); everything else goes to stderr.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/sbatch_options.h"
#include "commands/call_errors.h"
#include "commands/client.h"
#include "commands/commands.h"
#include "commands/environment.h"

namespace bramble::commands {
namespace {

// Three tries, 0.5 s then 1 s apart: rides out a controller restart's
// listen gap without making a failing submission hang for long.
constexpr int kSubmitTries = 3;
constexpr std::chrono::milliseconds kFirstBackoff(500);

Result<std::string> ReadScript(const std::string& path) {
  if (path.empty()) {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return IoError("Unable to read batch script from standard input");
    return text;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return IoError("Unable to open file " + path);
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return IoError("Unable to read file " + path);
  return text.str();
}

bool IsTransportError(const Status& status) {
  return status.code() == Code::kUnavailable || status.code() == Code::kDeadlineExceeded;
}

Result<proto::Response> SubmitWithRetry(const proto::Request& request) {
  std::chrono::milliseconds backoff = kFirstBackoff;
  for (int attempt = 1;; ++attempt) {
    auto response = CallController(request);
    if (response || !IsTransportError(response.error()) || attempt == kSubmitTries) return response;
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

}  // namespace

int SbatchMain(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string cwd = CurrentDirectory();
  if (cwd.empty()) {
    std::fprintf(stderr, "sbatch: error: getcwd failed: %s\n", std::strerror(errno));
    return 1;
  }
  auto options = cli::ParseSbatch(args, Environment(), ReadScript, cwd, HostName(), CurrentUmask(), cli::SystemClock());
  if (!options) {
    std::fprintf(stderr, "%s\n", options.error().message().c_str());
    return 1;
  }
  switch (options->action) {
    case cli::SbatchAction::kHelp: std::fputs(cli::SbatchHelpText().c_str(), stdout); return 0;
    case cli::SbatchAction::kUsage: std::fputs(cli::SbatchUsageText().c_str(), stdout); return 0;
    case cli::SbatchAction::kVersion: std::printf("%s\n", kVersion); return 0;
    case cli::SbatchAction::kSubmit: break;
  }

  proto::Request request;
  proto::SubmitJob* submit = request.mutable_submit_job();
  *submit->mutable_spec() = std::move(options->spec);
  submit->set_request_id(RandomRequestId());
  auto response = SubmitWithRetry(request);
  if (ReportCallFailure(response, "sbatch: error: Batch job submission failed")) return 1;
  uint32_t job_id = response->submit_job().job_id();
  if (!options->quiet) {
    if (options->parsable) {
      std::printf("%u\n", job_id);
    } else {
      std::printf("Submitted batch job %u\n", job_id);
    }
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace bramble::commands
