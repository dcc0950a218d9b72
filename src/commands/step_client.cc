// srun's side of a step; see step_client.h.
#include "commands/step_client.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "auth/hmac.h"
#include "auth/random_bytes.h"
#include "cli/task_output.h"
#include "commands/client.h"
#include "common/hostlist.h"
#include "net/frame.h"

namespace bramble::commands {
namespace {

using asio::experimental::as_tuple;
using asio::ip::tcp;
using asio::use_awaitable;

// A stepd that has not called back this long after its launch was accepted
// is taken as lost.
constexpr auto kConnectTimeout = std::chrono::seconds(60);
// Slurm's window for the second Ctrl-C that kills the step.
constexpr auto kInterruptWindow = std::chrono::seconds(1);

void WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}

void Say(const std::string& line) { WriteAll(STDERR_FILENO, "srun: " + line + "\n"); }

// The address stepds can reach this srun at: the local end of a route
// towards the controller (no packet is sent to find it).
std::string LocalAddressToward(const std::string& host) {
  asio::io_context io;
  asio::error_code ec;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(host, "1", ec);
  if (ec || results.empty()) return "127.0.0.1";
  asio::ip::udp::socket probe(io);
  asio::ip::udp::endpoint target(results.begin()->endpoint().address(), 1);
  probe.open(target.protocol(), ec);
  if (!ec) probe.connect(target, ec);
  if (ec) return "127.0.0.1";
  return probe.local_endpoint(ec).address().to_string();
}

// Puts the terminal in raw mode for --pty and restores it on destruction.
class RawTerminal {
 public:
  RawTerminal() {
    if (::tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    struct termios raw = saved_;
    ::cfmakeraw(&raw);
    active_ = ::tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
  }
  ~RawTerminal() {
    if (active_) ::tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
  }

 private:
  struct termios saved_ = {};
  bool active_ = false;
};

struct NodeLink {
  std::unique_ptr<tcp::socket> socket;
  std::deque<std::string> outbox;
  bool writing = false;
  bool done = false;     // sent Done
  bool lost = false;     // connection ended without Done
  bool fenced = false;   // in the current fence
};


// What the stdin thread posts through: cut when the client ends, so a late
// read never reaches a destroyed event loop.
struct StdinLink {
  std::mutex mu;
  std::function<void(std::string, bool)> deliver;  // guarded by mu; empty once closed
};

class StepClient {
 public:
  explicit StepClient(const StepRun& run)
      : run_(run),
        acceptor_(io_),
        signals_(io_),
        connect_timer_(io_),
        wait_timer_(io_),
        output_(run.layout.ntasks(), run.label, run.unbuffered) {
    nodes_.resize(static_cast<size_t>(run.layout.nodes_size()));
    ended_.resize(run.layout.ntasks());
    uint32_t rank = 0;
    for (int i = 0; i < run.layout.nodes_size(); ++i) {
      for (uint32_t t = 0; t < run.layout.tasks_per_node(i); ++t) node_of_task_.push_back(static_cast<uint32_t>(i));
      rank += run.layout.tasks_per_node(i);
    }
  }

  ~StepClient() {
    std::lock_guard<std::mutex> lock(stdin_link_->mu);
    stdin_link_->deliver = nullptr;
  }

  int Run();
  // What the step's tasks reported, for the controller's accounting.
  proto::StepComplete Summary() const {
    proto::StepComplete summary = summary_;
    summary.set_job_id(run_.layout.job_id());
    summary.set_step_id(run_.layout.step_id());
    summary.set_killed(killing_);
    return summary;
  }

 private:
  std::string StepName() const {
    return "StepId=" + std::to_string(run_.layout.job_id()) + "." + std::to_string(run_.layout.step_id());
  }
  bool Listen();
  bool LaunchOnNodes();
  asio::awaitable<void> Accept();
  asio::awaitable<void> Serve(std::shared_ptr<tcp::socket> socket);
  void OnMessage(uint32_t node, const proto::StepIo& message);
  void SendTo(uint32_t node, const proto::StepIo& message);
  void Pump(uint32_t node);
  void Broadcast(const proto::StepIo& message);
  void SignalStep(int signal);
  void KillStep(const std::string& why);
  void OnTaskExit(uint32_t node, const proto::StepIo::TaskExit& exit);
  void Report(const cli::TaskExit& exit);
  void OnFence(uint32_t node, const proto::StepIo::FenceIn& fence);
  void NodeLost(uint32_t node, const std::string& why);
  void CheckDone();
  void WaitSignals();
  void OnInterrupt();
  void StartStdin();
  void OnStdin(std::string data, bool eof);
  std::set<uint32_t> StdinNodes() const;

  const StepRun& run_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer connect_timer_;
  asio::steady_timer wait_timer_;
  std::string io_key_;
  std::vector<NodeLink> nodes_;
  std::vector<bool> ended_;  // per task
  cli::ExitReport report_;
  std::vector<uint32_t> node_of_task_;
  cli::LineAssembler output_;
  std::map<std::string, std::string> fence_puts_;
  uint64_t fence_seq_ = 0;
  std::deque<proto::StepIo> early_stdin_;  // stdin read before the stepds called back
  std::chrono::steady_clock::time_point last_interrupt_{};
  bool killing_ = false;
  proto::StepComplete summary_;  // exit and usage of the tasks that reported
  int abort_code_ = 0;
  bool finished_ = false;
  std::shared_ptr<StdinLink> stdin_link_ = std::make_shared<StdinLink>();
};

bool StepClient::Listen() {
  std::string host = LocalAddressToward(run_.controller_host);
  asio::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(host, ec), 0);
  if (ec) endpoint = tcp::endpoint(asio::ip::address_v4::loopback(), 0);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    Say("error: cannot listen for the step's nodes: " + ec.message());
    return false;
  }
  return true;
}

bool StepClient::LaunchOnNodes() {
  proto::Request request;
  proto::LaunchStep* launch = request.mutable_launch_step();
  *launch = run_.launch;
  *launch->mutable_grant() = run_.grant;
  launch->set_srun_host(acceptor_.local_endpoint().address().to_string());
  launch->set_srun_port(acceptor_.local_endpoint().port());
  launch->set_io_key(io_key_);
  if (launch->srun_comm_host().empty()) launch->set_srun_comm_host(launch->srun_host());
  const proto::StepLayout& layout = run_.layout;
  std::vector<std::string> errors(static_cast<size_t>(layout.nodes_size()));
  auto launch_one = [&](int i) {
    auto response = CallDaemon(layout.node_addrs(i), static_cast<uint16_t>(layout.node_ports(i)), request,
                               std::chrono::seconds(30));
    if (!response) errors[static_cast<size_t>(i)] = response.error().message();
    else if (response->code() != 0) errors[static_cast<size_t>(i)] = response->error();
  };
  if (layout.nodes_size() == 1) {
    launch_one(0);
  } else {
    std::vector<std::thread> threads;
    for (int i = 0; i < layout.nodes_size(); ++i) threads.emplace_back(launch_one, i);
    for (auto& thread : threads) thread.join();
  }
  bool ok = true;
  for (int i = 0; i < layout.nodes_size(); ++i) {
    if (errors[static_cast<size_t>(i)].empty()) continue;
    Say("error: Task launch for " + StepName() + " failed on node " + layout.nodes(i) + ": " +
        errors[static_cast<size_t>(i)]);
    ok = false;
  }
  if (!ok) Say("error: Application launch failed: " + errors[0]);
  return ok;
}

asio::awaitable<void> StepClient::Accept() {
  for (;;) {
    auto socket = std::make_shared<tcp::socket>(io_);
    auto [ec] = co_await acceptor_.async_accept(*socket, as_tuple(use_awaitable));
    if (ec) co_return;
    asio::co_spawn(io_, Serve(socket), asio::detached);
  }
}

asio::awaitable<void> StepClient::Serve(std::shared_ptr<tcp::socket> socket) {
  std::optional<uint32_t> node;
  tcp::socket* stream = socket.get();  // moves into the node's link after Hello
  for (;;) {
    unsigned char header[net::kFrameHeaderBytes];
    auto [ec, n] = co_await asio::async_read(*stream, asio::buffer(header), as_tuple(use_awaitable));
    if (ec) break;
    auto length = net::DecodeFrameLength(header);
    if (!length) break;
    std::string payload(*length, '\0');
    auto [ec2, n2] = co_await asio::async_read(*stream, asio::buffer(payload), as_tuple(use_awaitable));
    if (ec2) break;
    proto::StepIo message;
    if (!message.ParseFromString(payload)) break;
    if (!node) {
      // The first frame must prove the caller is one of our stepds.
      if (!message.has_hello() || !auth::ConstantTimeEqual(message.hello().io_key(), io_key_) ||
          message.hello().node_index() >= nodes_.size() || nodes_[message.hello().node_index()].socket) {
        co_return;  // a stranger, or a second caller for one node: hang up
      }
      node = message.hello().node_index();
      nodes_[*node].socket = std::make_unique<tcp::socket>(std::move(*socket));
      stream = nodes_[*node].socket.get();
      for (const auto& input : early_stdin_) {
        if (StdinNodes().count(*node)) SendTo(*node, input);
      }
      bool all = true;
      for (const auto& link : nodes_) all = all && (link.socket != nullptr || link.lost);
      if (all) {
        connect_timer_.cancel();
        early_stdin_.clear();  // every stepd has it now
      }
      continue;
    }
    OnMessage(*node, message);
  }
  if (node && !nodes_[*node].done) NodeLost(*node, "lost contact with the node's step supervisor");
}

void StepClient::SendTo(uint32_t node, const proto::StepIo& message) {
  NodeLink& link = nodes_[node];
  if (!link.socket || link.lost) return;
  link.outbox.push_back(net::EncodeFrame(message.SerializeAsString()));
  if (!link.writing) Pump(node);
}

void StepClient::Pump(uint32_t node) {
  NodeLink& link = nodes_[node];
  if (link.outbox.empty() || !link.socket) {
    link.writing = false;
    return;
  }
  link.writing = true;
  asio::async_write(*link.socket, asio::buffer(link.outbox.front()), [this, node](asio::error_code ec, size_t) {
    NodeLink& link = nodes_[node];
    if (ec) {
      link.outbox.clear();
      link.writing = false;
      return;
    }
    link.outbox.pop_front();
    Pump(node);
  });
}

void StepClient::Broadcast(const proto::StepIo& message) {
  for (uint32_t i = 0; i < nodes_.size(); ++i) SendTo(i, message);
}

void StepClient::SignalStep(int signal) {
  proto::StepIo message;
  message.mutable_signal()->set_signal(signal);
  Broadcast(message);
}

void StepClient::KillStep(const std::string& why) {
  if (killing_) return;
  killing_ = true;
  if (!why.empty()) Say(why);
  SignalStep(SIGKILL);
}

void StepClient::OnMessage(uint32_t node, const proto::StepIo& message) {
  switch (message.kind_case()) {
    case proto::StepIo::kOutput: {
      const auto& out = message.output();
      if (out.task() >= ended_.size()) break;
      WriteAll(out.stream() == 2 ? STDERR_FILENO : STDOUT_FILENO, output_.Add(out.task(), out.stream(), out.data()));
      break;
    }
    case proto::StepIo::kTaskExit: OnTaskExit(node, message.task_exit()); break;
    case proto::StepIo::kFenceIn: OnFence(node, message.fence_in()); break;
    case proto::StepIo::kAbort:
      if (abort_code_ == 0) abort_code_ = message.abort().exit_code() ? message.abort().exit_code() : 1;
      Say("error: " + run_.layout.nodes(static_cast<int>(node)) + ": " + message.abort().message());
      KillStep("");
      break;
    case proto::StepIo::kDone:
      nodes_[node].done = true;
      CheckDone();
      break;
    default: break;
  }
}

void StepClient::Report(const cli::TaskExit& exit) {
  ended_[exit.task] = true;
  WriteAll(STDOUT_FILENO, output_.Finish(exit.task, 1));
  WriteAll(STDERR_FILENO, output_.Finish(exit.task, 2));
  WriteAll(STDERR_FILENO, report_.Add({exit}));
}

void StepClient::OnTaskExit(uint32_t node, const proto::StepIo::TaskExit& exit) {
  if (exit.task() >= ended_.size() || ended_[exit.task()]) return;
  cli::TaskExit end;
  end.task = exit.task();
  end.node = run_.layout.nodes(static_cast<int>(node));
  end.exit_code = exit.exit_code();
  end.signal = exit.signal();
  end.out_of_memory = exit.out_of_memory();
  if (exit.out_of_memory()) summary_.set_out_of_memory(true);
  summary_.set_exit_code(std::max(summary_.exit_code(), exit.exit_code()));
  if (exit.signal() != 0 && summary_.exit_signal() == 0) summary_.set_exit_signal(exit.signal());
  summary_.set_user_cpu_us(summary_.user_cpu_us() + exit.user_cpu_us());
  summary_.set_system_cpu_us(summary_.system_cpu_us() + exit.system_cpu_us());
  summary_.set_max_rss_kb(std::max(summary_.max_rss_kb(), exit.max_rss_kb()));
  Report(end);
  if (report_.AnyAbnormal() && run_.kill_on_bad_exit && !killing_) KillStep("Terminating " + StepName());
  if (run_.wait_s > 0 && !killing_) {
    wait_timer_.expires_after(std::chrono::seconds(run_.wait_s));
    wait_timer_.async_wait([this](asio::error_code ec) {
      if (ec || finished_) return;
      KillStep("error: First task exited " + std::to_string(run_.wait_s) + "s ago\nsrun: " + StepName() +
               " tasks still running: terminating them");
    });
  }
}

void StepClient::OnFence(uint32_t node, const proto::StepIo::FenceIn& fence) {
  if (nodes_[node].fenced) return;
  nodes_[node].fenced = true;
  for (const auto& [key, value] : fence.puts()) fence_puts_[key] = value;
  for (const auto& link : nodes_) {
    if (!link.fenced) return;
  }
  proto::StepIo out;
  out.mutable_fence_out()->set_seq(++fence_seq_);
  for (const auto& [key, value] : fence_puts_) (*out.mutable_fence_out()->mutable_kvs())[key] = value;
  for (auto& link : nodes_) link.fenced = false;
  Broadcast(out);
}

void StepClient::NodeLost(uint32_t node, const std::string& why) {
  NodeLink& link = nodes_[node];
  if (link.lost || link.done) return;
  link.lost = true;
  if (!killing_) KillStep("error: " + run_.layout.nodes(static_cast<int>(node)) + ": " + why);
  for (uint32_t task = 0; task < ended_.size(); ++task) {
    if (node_of_task_[task] != node || ended_[task]) continue;
    cli::TaskExit end;
    end.task = task;
    end.node = run_.layout.nodes(static_cast<int>(node));
    end.exit_code = 1;
    Report(end);
  }
  CheckDone();
}

void StepClient::CheckDone() {
  for (const auto& link : nodes_) {
    if (!link.done && !link.lost) return;
  }
  if (finished_) return;
  finished_ = true;
  io_.stop();
}

void StepClient::WaitSignals() {
  signals_.async_wait([this](asio::error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGINT && !run_.launch.pty()) {
      OnInterrupt();
    } else if (sig == SIGWINCH) {
      struct winsize size = {};
      if (::ioctl(STDIN_FILENO, TIOCGWINSZ, &size) == 0) {
        proto::StepIo message;
        message.mutable_window_size()->set_rows(size.ws_row);
        message.mutable_window_size()->set_cols(size.ws_col);
        Broadcast(message);
      }
    } else {
      SignalStep(sig);  // SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2... go to the tasks, as srun does
    }
    WaitSignals();
  });
}

// Slurm's Ctrl-C: the first prints the step's status, a second within one
// second kills it.
void StepClient::OnInterrupt() {
  auto now = std::chrono::steady_clock::now();
  if (now - last_interrupt_ <= kInterruptWindow) {
    Say("sending Ctrl-C to " + StepName());
    report_.MarkCancelled();
    SignalStep(SIGINT);
    KillStep("forcing job termination");
    return;
  }
  last_interrupt_ = now;
  Say("interrupt (one more within 1 sec to abort)");
  std::vector<uint32_t> running, done;
  for (uint32_t t = 0; t < ended_.size(); ++t) (ended_[t] ? done : running).push_back(t);
  for (const auto& [ids, state] : {std::pair{running, "running"}, std::pair{done, "exited"}}) {
    if (ids.empty()) continue;
    Say(StepName() + (ids.size() == 1 ? " task " : " tasks ") + cli::TaskRanges(ids) + ": " + state);
  }
}

std::set<uint32_t> StepClient::StdinNodes() const {
  const std::string& input = run_.launch.input();
  std::set<uint32_t> nodes;
  if (input == "all" || run_.launch.pty()) {
    for (uint32_t i = 0; i < nodes_.size(); ++i) nodes.insert(i);
  } else if (input.empty()) {
    if (!node_of_task_.empty()) nodes.insert(node_of_task_[0]);
  } else if (input.find_first_not_of("0123456789") == std::string::npos) {
    uint32_t task = static_cast<uint32_t>(std::stoul(input));
    if (task < node_of_task_.size()) nodes.insert(node_of_task_[task]);
  }
  return nodes;
}

void StepClient::OnStdin(std::string data, bool eof) {
  proto::StepIo message;
  message.mutable_stdin()->set_data(std::move(data));
  message.mutable_stdin()->set_eof(eof);
  early_stdin_.push_back(message);  // also replayed to stepds that call back later
  for (uint32_t node : StdinNodes()) SendTo(node, message);
}

// srun's stdin is read on its own thread: it may be a terminal, a pipe or a
// regular file, and only the first two can be watched by the event loop.
void StepClient::StartStdin() {
  if (StdinNodes().empty()) return;
  stdin_link_->deliver = [this](std::string data, bool eof) {
    asio::post(io_, [this, data = std::move(data), eof]() mutable { OnStdin(std::move(data), eof); });
  };
  std::thread([link = stdin_link_] {
    char buffer[16384];
    for (;;) {
      ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      std::lock_guard<std::mutex> lock(link->mu);
      if (!link->deliver) return;
      if (n <= 0) {
        link->deliver("", true);
        return;
      }
      link->deliver(std::string(buffer, static_cast<size_t>(n)), false);
    }
  }).detach();
}

int StepClient::Run() {
  io_key_.resize(32);
  if (!auth::FillRandom(io_key_.data(), io_key_.size()).ok()) {
    Say("error: no random bytes for the step's key");
    return 1;
  }
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH}) signals_.add(sig);
  WaitSignals();
  if (!Listen()) return 1;
  if (!LaunchOnNodes()) {
    // Nodes that did start their share must not keep it running.
    connect_timer_.expires_after(std::chrono::seconds(5));
    asio::co_spawn(io_, Accept(), asio::detached);
    KillStep("");
    connect_timer_.async_wait([this](asio::error_code) { io_.stop(); });
    io_.run();
    return 1;
  }
  std::optional<RawTerminal> raw;
  if (run_.launch.pty() && ::isatty(STDIN_FILENO)) raw.emplace();
  asio::co_spawn(io_, Accept(), asio::detached);
  connect_timer_.expires_after(kConnectTimeout);
  connect_timer_.async_wait([this](asio::error_code ec) {
    if (ec) return;
    for (uint32_t i = 0; i < nodes_.size(); ++i) {
      if (!nodes_[i].socket) NodeLost(i, "step supervisor did not call back");
    }
  });
  StartStdin();
  io_.run();
  raw.reset();
  cli::OutputText rest = output_.FinishAll();
  WriteAll(STDOUT_FILENO, rest.out);
  WriteAll(STDERR_FILENO, rest.err);
  int code = report_.ExitCode();
  if (abort_code_ != 0 && code == 0) return abort_code_;
  return code;
}

}  // namespace

int RunStepClient(const StepRun& run, proto::StepComplete* summary) {
  StepClient client(run);
  int code = client.Run();
  if (summary != nullptr) *summary = client.Summary();
  return code;
}

}  // namespace bramble::commands
