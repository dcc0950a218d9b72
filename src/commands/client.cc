// How a command reaches the cluster; see client.h.
#include "commands/client.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>

#include "auth/credential.h"
#include "net/frame.h"
#include "net/rpc_client.h"

namespace bramble::commands {
namespace {

std::string g_program_path;

// Where argv[0] lives: itself when it has a slash, else its PATH entry.
std::string ProgramDir(const char* argv0) {
  std::string name = argv0 ? argv0 : "";
  if (name.find('/') != std::string::npos) return std::filesystem::path(name).parent_path().string();
  const char* path = std::getenv("PATH");
  std::string paths = path ? path : "";
  size_t start = 0;
  while (start <= paths.size()) {
    size_t end = paths.find(':', start);
    if (end == std::string::npos) end = paths.size();
    std::string dir = paths.substr(start, end - start);
    if (dir.empty()) dir = ".";
    if (::access((dir + "/" + name).c_str(), X_OK) == 0) return dir;
    start = end + 1;
  }
  return "";
}

Result<proto::Credential> GetCredential(const Config& config, const std::string& body) {
  const char* override_path = std::getenv("BRAMBLE_AUTH_SOCKET");
  std::string path = override_path ? override_path : config.auth_socket;
  proto::Request request;
  request.mutable_sign()->set_payload_sha256(auth::Sha256(body));
  auto response = net::CallUnix(path, net::SealEnvelope(net::SerializeRequest(request), nullptr),
                                std::chrono::seconds(10));
  if (!response) {
    return Unavailable("Unable to contact slurm controller (connect failure): no credential from " + path);
  }
  if (response->code() != 0 || !response->has_sign()) {
    return Unauthenticated("credential refused: " + response->error());
  }
  return response->sign().credential();
}

}  // namespace

std::string FindConfigPath(const char* argv0) {
  if (const char* env = std::getenv("SLURM_CONF"); env && *env) return env;
  std::string dir = ProgramDir(argv0);
  if (!dir.empty()) {
    std::string beside = dir + "/../slurm.conf";
    if (::access(beside.c_str(), R_OK) == 0) return beside;
  }
  return "/etc/bramble/slurm.conf";
}

void SetProgramPath(const char* argv0) { g_program_path = argv0 ? argv0 : ""; }

Result<Config> LoadClientConfig() {
  static std::optional<Result<Config>> cached;
  if (!cached) cached = LoadConfig(FindConfigPath(g_program_path.c_str()));
  return *cached;
}

Result<proto::Response> CallDaemon(const std::string& host, uint16_t port, const proto::Request& request,
                                   std::chrono::milliseconds deadline) {
  auto config = LoadClientConfig();
  if (!config) return config.status();
  std::string body = net::SerializeRequest(request);
  auto credential = GetCredential(*config, body);
  if (!credential) return credential.status();
  return net::CallTcp(host, port, net::SealEnvelope(body, &*credential), deadline);
}

Result<proto::Response> CallController(const proto::Request& request, std::chrono::milliseconds deadline) {
  auto config = LoadClientConfig();
  if (!config) return config.status();
  // On the controller's own host: straight to it, the kernel vouching for us.
  if (auto local = net::CallUnixIfListening(config->controller_socket,
                                            net::SealEnvelope(net::SerializeRequest(request), nullptr), deadline)) {
    return *local;
  }
  std::string host = config->controller_addr.empty() ? config->controller_host : config->controller_addr;
  return CallDaemon(host, static_cast<uint16_t>(config->controller_port), request, deadline);
}

}  // namespace bramble::commands
