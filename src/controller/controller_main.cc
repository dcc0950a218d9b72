// Controller start-up: options, configuration, secret, store, state load.
#include <getopt.h>
#include <signal.h>

#include "auth/secret.h"
#include "auth/state_dir.h"
#include "common/log.h"
#include "controller/controller.h"
#include "net/signing.h"

namespace bramble::controller {

Controller::Controller(Config config, std::string secret, std::unique_ptr<store::Store> store)
    : config_(std::move(config)), secret_(std::move(secret)), store_(std::move(store)), ticker_(io_), schedule_timer_(io_) {
  for (const auto& node : config_.nodes) {
    NodeEntry entry;
    entry.config = node;
    entry.down = node.state == "DOWN";
    entry.drain = node.state == "DRAIN";
    nodes_[node.name] = entry;
    node_order_.push_back(node.name);
  }
  priority_cluster_ = PriorityClusterOf(config_);
  file_limits_ = config_.limits;
}

int64_t Controller::Now() const { return static_cast<int64_t>(::time(nullptr)); }

Status Controller::Start() {
  auto state = store_->Load();
  if (!state) return state.status().WithContext("loading state");
  next_job_id_ = std::max<uint32_t>(state->next_job_id, 1);
  int64_t now = Now();
  started_at_ = now;
  stats_.set_since(now);
  // Copied, not moved: the loaded records are all freed together when
  // `state` goes, leaving one free stretch of heap that the first trim gives
  // back. Moving each one in and freeing it as the next was kept left the
  // kept ones (a finished job's bytes, its map entry, its request id) strewn
  // through the holes: a heap three times the size of what it held.
  for (const auto& job : state->jobs) {
    if (!job.request_id().empty()) request_ids_[RequestKey(job.uid(), job.request_id())] = job.job_id();
    next_job_id_ = std::max(next_job_id_, job.job_id() + 1);
    jobs_.Put(job);
  }
  heap_trim_.NoteWork();
  PruneOldJobs();  // those that passed MinJobAge while the controller was down
  for (const auto& admin : state->nodes) {
    auto it = nodes_.find(admin.name);
    if (it == nodes_.end()) continue;
    it->second.down = admin.down;
    it->second.drain = admin.drain;
    it->second.reason = admin.reason;
    it->second.reason_time = admin.reason_time;
    it->second.reason_uid = admin.reason_uid;
    it->second.down_by_failure = admin.down && admin.reason == "Not responding";
  }
  usage_updated_ = state->usage.as_of;
  for (const auto& [user, cpu_seconds] : state->usage.users) usage_[user] = cpu_seconds;
  ApplyStoredLimitChanges(state->limit_changes);
  // Nodes get a full SlurmdTimeout from now to register before their jobs are failed.
  for (auto& [name, node] : nodes_) node.last_heartbeat = now;
  spdlog::info("loaded {} jobs, next job id {}", jobs_.size(), next_job_id_);

  auto replay = std::make_shared<auth::ReplayCache>();
  server_ = std::make_unique<net::RpcServer>(
      io_, "controller", net::CredentialAuthenticator(secret_, replay),
      [this](const net::CallContext& ctx, const proto::Request& r) { return Handle(ctx, r); });
  std::string addr = config_.controller_addr.empty() ? "0.0.0.0" : config_.controller_addr;
  BRAMBLE_RETURN_IF_ERROR(server_->ListenTcp(addr, static_cast<uint16_t>(config_.controller_port)));
  auto signer = net::ServeSigner(io_, config_.auth_socket, secret_);
  if (signer) {
    signer_ = std::move(*signer);
  } else {
    spdlog::warn("not serving credentials at {}: {}", config_.auth_socket, signer.error().message());
  }
  if (!config_.controller_socket.empty()) {
    auto local = net::ServeLocal(io_, config_.controller_socket, "controller (local)", net::PeerAuthenticator(),
                                 [this](const net::CallContext& ctx, const proto::Request& r) { return Handle(ctx, r); });
    if (local) {
      local_server_ = std::move(*local);
    } else {  // commands on this host then sign and use TCP, as elsewhere
      spdlog::warn("not serving local commands at {}: {}", config_.controller_socket, local.error().message());
    }
  }
  ArmTicker();
  RequestSchedule();
  spdlog::info("controller of cluster {} listening on {}:{}", config_.cluster_name, addr, config_.controller_port);
  return Status::Ok();
}

void Controller::Run() {
  asio::signal_set signals(io_, SIGTERM, SIGINT);
  signals.async_wait([this](asio::error_code ec, int sig) {
    if (!ec) spdlog::info("stopping on signal {}", sig);
    io_.stop();
  });
  io_.run();
}

namespace {

struct Options {
  std::string config_path;
  std::string log_file;
};

Result<Options> ParseOptions(int argc, char** argv) {
  Options options;
  static const struct option kLong[] = {{"config", required_argument, nullptr, 'f'},
                                        {"log", required_argument, nullptr, 'L'},
                                        {nullptr, 0, nullptr, 0}};
  optind = 1;
  int c;
  while ((c = getopt_long(argc, argv, "f:L:D", kLong, nullptr)) != -1) {
    switch (c) {
      case 'f': options.config_path = optarg; break;
      case 'L': options.log_file = optarg; break;
      case 'D': break;
      default: return InvalidArgument("usage: bramble controller [-f slurm.conf] [-L logfile]");
    }
  }
  if (options.config_path.empty()) {
    const char* env = std::getenv("SLURM_CONF");
    options.config_path = env ? env : "/etc/bramble/slurm.conf";
  }
  return options;
}

int Fail(const std::string& message) {
  spdlog::error("{}", message);
  std::fprintf(stderr, "bramble controller: %s\n", message.c_str());
  return 1;
}

}  // namespace

int ControllerMain(int argc, char** argv) {
  auto options = ParseOptions(argc, argv);
  if (!options) return Fail(options.error().message());
  InitLogging("controller", options->log_file, "info");
  auto config = LoadConfig(options->config_path);
  if (!config) return Fail(config.error().message());
  for (const auto& warning : config->warnings) spdlog::warn("{}", warning);
  auto state_dir = auth::SecureStateDir(config->state_save_location);
  if (!state_dir) return Fail(state_dir.error().message());
  if (!state_dir->empty()) spdlog::warn("{}", *state_dir);
  std::string key_file =
      config->auth_key_file.empty() ? config->state_save_location + "/cluster.key" : config->auth_key_file;
  auto secret = auth::LoadOrCreateSecret(key_file);
  if (!secret) return Fail(secret.error().message());
  auto store = store::OpenSqliteStore(config->state_save_location + "/state.db");
  if (!store) return Fail(store.error().message());
  signal(SIGPIPE, SIG_IGN);
  Controller controller(std::move(*config), std::move(*secret), std::move(*store));
  Status started = controller.Start();
  if (!started.ok()) return Fail(started.message());
  controller.Run();
  return 0;
}

}  // namespace bramble::controller
