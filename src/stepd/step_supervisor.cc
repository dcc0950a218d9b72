// The step supervisor; see step_supervisor.h.
#include "stepd/step_supervisor.h"

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "cgroup/step_cgroup.h"
#include "common/output_pattern.h"
#include "net/frame.h"
#include "pmi/node_server.h"
#include "pmi/process_mapping.h"
#include "stepd/descendants.h"
#include "stepd/task_env.h"
#include "stepd/user_process.h"

namespace bramble::stepd {
namespace {

using asio::experimental::as_tuple;
using asio::use_awaitable;
using Descriptor = asio::posix::stream_descriptor;

constexpr size_t kReadChunk = 64 * 1024;
// After the last task ended and its leftovers were killed, how long to wait
// for pipes that an escaped process still holds open.
constexpr auto kDrainTimeout = std::chrono::seconds(2);

// An ordered byte queue onto a descriptor or socket: writes never block
// the loop and never interleave.
template <typename Stream>
class Writer {
 public:
  explicit Writer(Stream& stream) : stream_(stream) {}
  void Send(std::string bytes, std::function<void(bool ok)> on_drained = nullptr) {
    queue_.push_back(std::move(bytes));
    if (on_drained) on_drained_ = std::move(on_drained);
    if (!busy_) Pump();
  }
  bool idle() const { return !busy_ && queue_.empty(); }
  void OnDrained(std::function<void(bool ok)> done) {
    if (idle()) {
      done(true);
      return;
    }
    on_drained_ = std::move(done);
  }

 private:
  void Pump() {
    if (queue_.empty()) {
      busy_ = false;
      if (auto done = std::exchange(on_drained_, nullptr)) done(true);
      return;
    }
    busy_ = true;
    asio::async_write(stream_, asio::buffer(queue_.front()), [this](asio::error_code ec, size_t) {
      if (ec) {
        queue_.clear();
        busy_ = false;
        if (auto done = std::exchange(on_drained_, nullptr)) done(false);
        return;
      }
      queue_.pop_front();
      Pump();
    });
  }

  Stream& stream_;
  std::deque<std::string> queue_;
  bool busy_ = false;
  std::function<void(bool)> on_drained_;
};

int64_t MicrosecondsOf(const struct timeval& tv) {
  return static_cast<int64_t>(tv.tv_sec) * 1000000 + tv.tv_usec;
}

struct Task {
  uint32_t rank = 0;
  uint32_t local_id = 0;
  pid_t pid = -1;
  bool exited = false;
  int status = 0;
  struct rusage usage = {};  // from wait4: the task and the children it waited for
  int open_outputs = 0;  // output streams (pipes/pty) not yet at EOF
  bool reported = false;
  std::unique_ptr<Descriptor> stdin_pipe;
  std::unique_ptr<Writer<Descriptor>> stdin_writer;
  bool stdin_closed = false;
  std::unique_ptr<Descriptor> pmi;
  std::unique_ptr<Writer<Descriptor>> pmi_writer;
  std::unique_ptr<Descriptor> pty;  // --pty: the master side; output and input both
  std::unique_ptr<Writer<Descriptor>> pty_writer;
};

class StepSupervisor {
 public:
  StepSupervisor(proto::LaunchStep launch, proto::StepLayout layout, JobDir dir, std::string node,
                 uint32_t node_index)
      : launch_(std::move(launch)),
        layout_(std::move(layout)),
        dir_(std::move(dir)),
        node_(std::move(node)),
        node_index_(node_index),
        srun_(io_),
        srun_writer_(srun_),
        signals_(io_, SIGCHLD, SIGTERM, SIGINT),
        kill_timer_(io_),
        drain_timer_(io_) {}

  int Run();

 private:
  bool ConnectToSrun();
  void StartTasks();
  void StartTask(Task& task);
  LaunchPlan PlanFor(const Task& task);
  void WaitSignals();
  void ReapTasks();
  void ReadOutput(Task& task, std::shared_ptr<Descriptor> pipe, uint32_t stream);
  asio::awaitable<void> ReadSrun();
  void OnSrunMessage(const proto::StepIo& message);
  void ForwardStdin(const proto::StepIo::Stdin& input);
  void ReadPmi(Task& task);
  void ApplyPmi(const std::vector<pmi::Action>& actions);
  void SignalTasks(int signal);
  void Terminate();
  void MaybeReport(Task& task);
  void AllTasksEnded();
  void Finish();
  void Send(const proto::StepIo& message);
  void WritePgids();
  std::string UserName() const { return layout_.user().empty() ? std::to_string(layout_.uid()) : layout_.user(); }

  proto::LaunchStep launch_;
  proto::StepLayout layout_;
  JobDir dir_;
  std::string node_;
  uint32_t node_index_;
  asio::io_context io_;
  asio::ip::tcp::socket srun_;
  Writer<asio::ip::tcp::socket> srun_writer_;
  bool srun_alive_ = false;
  asio::signal_set signals_;
  asio::steady_timer kill_timer_;
  asio::steady_timer drain_timer_;
  std::vector<std::unique_ptr<Task>> tasks_;
  std::unique_ptr<pmi::NodeServer> pmi_;
  uint64_t fence_seq_ = 0;
  bool terminating_ = false;
  cgroup::StepCgroup cgroup_;  // none until Run() creates it
  std::string cgroup_error_;   // why it could not be created
  bool tasks_ended_ = false;
  bool finished_ = false;
  int exit_code_ = 1;
};

bool StepSupervisor::ConnectToSrun() {
  asio::error_code ec;
  asio::ip::tcp::resolver resolver(io_);
  auto endpoints = resolver.resolve(launch_.srun_host(), std::to_string(launch_.srun_port()), ec);
  if (ec) return false;
  asio::connect(srun_, endpoints, ec);
  if (ec) return false;
  srun_.set_option(asio::ip::tcp::no_delay(true), ec);
  srun_alive_ = true;
  proto::StepIo hello;
  hello.mutable_hello()->set_io_key(launch_.io_key());
  hello.mutable_hello()->set_node_index(node_index_);
  Send(hello);
  return true;
}

void StepSupervisor::Send(const proto::StepIo& message) {
  if (!srun_alive_) return;
  srun_writer_.Send(net::EncodeFrame(message.SerializeAsString()));
}

LaunchPlan StepSupervisor::PlanFor(const Task& task) {
  LaunchPlan plan;
  plan.uid = layout_.uid();
  plan.gid = layout_.gid();
  plan.user = UserName();
  plan.groups.assign(layout_.gids().begin(), layout_.gids().end());
  plan.umask = launch_.umask() & 0777;
  plan.work_dir = launch_.work_dir().empty() ? "/tmp" : launch_.work_dir();
  plan.append = launch_.open_append();
  PatternValues values{layout_.job_id(), layout_.name(), UserName(), node_, std::to_string(layout_.step_id()),
                       node_index_, task.rank};
  if (!launch_.output().empty()) plan.stdout_path = ExpandOutputPattern(launch_.output(), values, plan.work_dir);
  plan.stderr_path = launch_.error().empty() ? plan.stdout_path : ExpandOutputPattern(launch_.error(), values, plan.work_dir);
  const std::string& input = launch_.input();
  bool input_is_file = !input.empty() && input != "all" && input != "none" &&
                       input.find_first_not_of("0123456789") != std::string::npos;
  if (input_is_file) plan.stdin_path = ExpandOutputPattern(input, values, plan.work_dir);
  else plan.stdin_path = "/dev/null";
  plan.program = launch_.argv(0);
  plan.argv.assign(launch_.argv().begin(), launch_.argv().end());
  plan.cgroup_join_files = cgroup_.join_files();
  if (launch_.node_hostname()) {
    plan.hostname = node_;
    plan.hosts_file = dir_.hosts_file();
  }
  return plan;
}

void StepSupervisor::StartTasks() {
  uint32_t first_rank = 0;
  for (uint32_t i = 0; i < node_index_; ++i) first_rank += layout_.tasks_per_node(static_cast<int>(i));
  uint32_t count = layout_.tasks_per_node(static_cast<int>(node_index_));
  bool use_pmi = launch_.mpi() == "pmi1" || launch_.mpi() == "pmi2";
  if (use_pmi) {
    pmi::StepInfo info;
    info.kvs_name = std::to_string(layout_.job_id()) + "." + std::to_string(layout_.step_id());
    info.size = layout_.ntasks();
    info.process_mapping = pmi::ProcessMapping({layout_.tasks_per_node().begin(), layout_.tasks_per_node().end()});
    for (uint32_t i = 0; i < count; ++i) info.local_ranks.push_back(first_rank + i);
    auto server = pmi::NodeServer::Create(std::move(info));
    if (server) pmi_ = std::make_unique<pmi::NodeServer>(std::move(*server));
  }
  for (uint32_t i = 0; i < count; ++i) {
    auto task = std::make_unique<Task>();
    task->rank = first_rank + i;
    task->local_id = i;
    tasks_.push_back(std::move(task));
  }
  for (auto& task : tasks_) StartTask(*task);
  WritePgids();
}

void StepSupervisor::StartTask(Task& task) {
  LaunchPlan plan = PlanFor(task);
  std::vector<int> close_after_fork;
  auto pipe_for = [&](bool parent_reads, int& child_fd) -> int {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return -1;
    child_fd = parent_reads ? fds[1] : fds[0];
    close_after_fork.push_back(child_fd);
    return parent_reads ? fds[0] : fds[1];
  };
  std::vector<std::pair<int, uint32_t>> outputs;  // parent fd, stream
  if (launch_.pty() && task.rank == 0) {
    int master = -1, slave = -1;
    struct winsize size = {};
    size.ws_row = static_cast<unsigned short>(launch_.terminal_rows() ? launch_.terminal_rows() : 24);
    size.ws_col = static_cast<unsigned short>(launch_.terminal_cols() ? launch_.terminal_cols() : 80);
    if (::openpty(&master, &slave, nullptr, nullptr, &size) == 0) {
      ::fcntl(master, F_SETFD, FD_CLOEXEC);
      ::fcntl(slave, F_SETFD, FD_CLOEXEC);
      plan.stdin_fd = plan.stdout_fd = plan.stderr_fd = slave;
      plan.controlling_tty = true;
      close_after_fork.push_back(slave);
      task.pty = std::make_unique<Descriptor>(io_, master);
      task.pty_writer = std::make_unique<Writer<Descriptor>>(*task.pty);
    }
  }
  if (!task.pty) {
    if (plan.stdout_path.empty()) outputs.push_back({pipe_for(true, plan.stdout_fd), 1});
    if (plan.stderr_path.empty()) outputs.push_back({pipe_for(true, plan.stderr_fd), 2});
    const std::string& input = launch_.input();
    bool wants_stdin = input == "all" || (input.empty() && task.rank == 0) ||
                       (!input.empty() && input.find_first_not_of("0123456789") == std::string::npos &&
                        std::stoul(input) == task.rank);
    if (wants_stdin) {
      int parent = pipe_for(false, plan.stdin_fd);
      if (parent >= 0) {
        task.stdin_pipe = std::make_unique<Descriptor>(io_, parent);
        task.stdin_writer = std::make_unique<Writer<Descriptor>>(*task.stdin_pipe);
      }
    }
  }
  int pmi_child = -1;
  if (pmi_) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0) {
      task.pmi = std::make_unique<Descriptor>(io_, pair[0]);
      task.pmi_writer = std::make_unique<Writer<Descriptor>>(*task.pmi);
      pmi_child = pair[1];
      plan.keep_fds.push_back(pmi_child);
      close_after_fork.push_back(pmi_child);
    }
  }
  TaskFacts facts;
  facts.node_name = node_;
  facts.pmi_fd = pmi_child;
  plan.env = BuildTaskEnvironment(launch_, layout_, node_index_, task.local_id, facts);

  task.pid = cgroup_error_.empty() ? SpawnUserProcess(plan, -1) : -1;
  for (int fd : close_after_fork) ::close(fd);
  if (task.pid < 0) {
    task.exited = true;
    task.status = 1 << 8;  // as if it exited 1
    proto::StepIo failed;
    failed.mutable_task_exit()->set_task(task.rank);
    failed.mutable_task_exit()->set_exit_code(1);
    failed.mutable_task_exit()->set_message(cgroup_error_.empty() ? "fork failed" : cgroup_error_);
    Send(failed);
    task.reported = true;
    return;
  }
  for (auto [fd, stream] : outputs) {
    if (fd < 0) continue;
    ++task.open_outputs;
    ReadOutput(task, std::make_shared<Descriptor>(io_, fd), stream);
  }
  if (task.pty) {
    ++task.open_outputs;
    // The master is read through its own descriptor object; writes use task.pty.
    ReadOutput(task, std::make_shared<Descriptor>(io_, ::dup(task.pty->native_handle())), 1);
  }
  if (task.pmi) ReadPmi(task);
}

void StepSupervisor::WritePgids() {
  std::string text;
  for (const auto& task : tasks_) {
    if (task->pid > 0) text += std::to_string(task->pid) + "\n";
  }
  WriteFileAtomic(dir_.pgids(), text, 0644);
}

void StepSupervisor::ReadOutput(Task& task, std::shared_ptr<Descriptor> pipe, uint32_t stream) {
  // Not zeroed: a zeroed 64 KiB buffer per stream made every page of it
  // resident (half a MB in a 4-task step) before any output arrived.
  auto buffer = std::make_shared_for_overwrite<std::array<char, kReadChunk>>();
  pipe->async_read_some(asio::buffer(*buffer), [this, &task, pipe, stream, buffer](asio::error_code ec, size_t n) {
    if (n > 0) {
      proto::StepIo output;
      output.mutable_output()->set_task(task.rank);
      output.mutable_output()->set_stream(stream);
      output.mutable_output()->set_data(buffer->data(), n);
      Send(output);
    }
    if (ec) {  // EOF, or EIO from a pty whose last holder closed it
      --task.open_outputs;
      MaybeReport(task);
      return;
    }
    ReadOutput(task, pipe, stream);
  });
}

void StepSupervisor::ReadPmi(Task& task) {
  auto buffer = std::make_shared_for_overwrite<std::array<char, 4096>>();
  task.pmi->async_read_some(asio::buffer(*buffer), [this, &task, buffer](asio::error_code ec, size_t n) {
    if (!pmi_) return;
    if (n > 0) ApplyPmi(pmi_->Feed(task.local_id, std::string_view(buffer->data(), n)));
    if (ec) {
      if (pmi_) ApplyPmi(pmi_->Closed(task.local_id));
      return;
    }
    if (task.pmi && task.pmi->is_open()) ReadPmi(task);
  });
}

void StepSupervisor::ApplyPmi(const std::vector<pmi::Action>& actions) {
  for (const auto& action : actions) {
    if (const auto* write = std::get_if<pmi::WriteToTask>(&action)) {
      Task& task = *tasks_.at(write->connection);
      if (task.pmi_writer) task.pmi_writer->Send(write->bytes);
    } else if (const auto* close = std::get_if<pmi::CloseConnection>(&action)) {
      Task& task = *tasks_.at(close->connection);
      if (task.pmi_writer) {
        task.pmi_writer->OnDrained([&task](bool) {
          if (task.pmi) task.pmi->close();
        });
      }
    } else if (const auto* fence = std::get_if<pmi::FenceReady>(&action)) {
      proto::StepIo message;
      message.mutable_fence_in()->set_seq(++fence_seq_);
      for (const auto& [key, value] : fence->puts) (*message.mutable_fence_in()->mutable_puts())[key] = value;
      Send(message);
    } else if (const auto* abort = std::get_if<pmi::AbortStep>(&action)) {
      // Slurm kills the step at once (SIGKILL) when a rank aborts.
      proto::StepIo message;
      message.mutable_abort()->set_exit_code(abort->exit_code);
      message.mutable_abort()->set_message(abort->message);
      Send(message);
      SignalTasks(SIGKILL);
    }
  }
}

void StepSupervisor::WaitSignals() {
  signals_.async_wait([this](asio::error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGCHLD) ReapTasks();
    else Terminate();
    if (!finished_) WaitSignals();
  });
}

void StepSupervisor::ReapTasks() {
  // Tasks and orphans of the step (we are their subreaper) alike.
  for (;;) {
    int status = 0;
    struct rusage usage = {};
    pid_t pid = ::wait4(-1, &status, WNOHANG, &usage);
    if (pid <= 0) break;
    for (auto& task : tasks_) {
      if (task->pid != pid) continue;
      task->exited = true;
      task->status = status;
      task->usage = usage;
      MaybeReport(*task);
    }
  }
  bool all = true;
  for (const auto& task : tasks_) all = all && task->exited;
  if (!all || tasks_ended_) return;
  tasks_ended_ = true;
  // After the handlers already due: the ends of the tasks' output pipes
  // usually are (a process closes its files before its parent hears of its
  // exit), so srun has the exit codes before the leftovers are hunted down.
  asio::post(io_, [this] { AllTasksEnded(); });
}

// Every task has exited: nothing of the step may outlive it.
void StepSupervisor::AllTasksEnded() {
  for (const auto& task : tasks_) {
    if (task->pid > 0) ::kill(-task->pid, SIGKILL);
  }
  cgroup_.KillAll();
  KillAllChildren();  // what the tasks left behind holds their pipes open
  drain_timer_.expires_after(kDrainTimeout);
  drain_timer_.async_wait([this](asio::error_code ec) {
    if (ec) return;
    for (auto& task : tasks_) {
      task->open_outputs = 0;  // held open by something that escaped; stop waiting
      MaybeReport(*task);
    }
  });
  for (auto& task : tasks_) MaybeReport(*task);
}

void StepSupervisor::MaybeReport(Task& task) {
  if (task.reported || !task.exited || task.open_outputs > 0) return;
  task.reported = true;
  proto::StepIo exit;
  exit.mutable_task_exit()->set_task(task.rank);
  if (WIFEXITED(task.status)) exit.mutable_task_exit()->set_exit_code(WEXITSTATUS(task.status));
  if (WIFSIGNALED(task.status)) exit.mutable_task_exit()->set_signal(WTERMSIG(task.status));
  if (WIFSIGNALED(task.status) && WTERMSIG(task.status) == SIGKILL && cgroup_.OomKilled()) {
    exit.mutable_task_exit()->set_out_of_memory(true);
  }
  exit.mutable_task_exit()->set_user_cpu_us(MicrosecondsOf(task.usage.ru_utime));
  exit.mutable_task_exit()->set_system_cpu_us(MicrosecondsOf(task.usage.ru_stime));
  exit.mutable_task_exit()->set_max_rss_kb(task.usage.ru_maxrss);  // Linux: KiB
  Send(exit);
  for (const auto& other : tasks_) {
    if (!other->reported) return;
  }
  Finish();
}

void StepSupervisor::Finish() {
  if (finished_) return;
  finished_ = true;
  proto::StepIo done;
  done.mutable_done();
  Send(done);
  exit_code_ = srun_alive_ ? 0 : 1;
  srun_writer_.OnDrained([this](bool) { io_.stop(); });
}

void StepSupervisor::SignalTasks(int signal) {
  for (const auto& task : tasks_) {
    if (task->pid > 0 && !task->exited) ::kill(-task->pid, signal);
  }
  cgroup_.Signal(signal);  // what left the tasks' process groups too
}

void StepSupervisor::Terminate() {
  if (terminating_) return;
  terminating_ = true;
  SignalTasks(SIGCONT);
  SignalTasks(SIGTERM);
  kill_timer_.expires_after(std::chrono::seconds(layout_.kill_wait_s()));
  kill_timer_.async_wait([this](asio::error_code ec) {
    if (ec) return;
    for (const auto& task : tasks_) {
      if (task->pid > 0) ::kill(-task->pid, SIGKILL);
    }
    cgroup_.Signal(SIGKILL);
  });
}

void StepSupervisor::ForwardStdin(const proto::StepIo::Stdin& input) {
  for (auto& task : tasks_) {
    Writer<Descriptor>* writer = task->pty_writer ? task->pty_writer.get() : task->stdin_writer.get();
    if (writer == nullptr || task->stdin_closed) continue;
    if (!input.data().empty()) writer->Send(input.data());
    if (input.eof()) {
      task->stdin_closed = true;
      if (task->stdin_pipe) {
        Task* t = task.get();
        writer->OnDrained([t](bool) { t->stdin_pipe->close(); });
      } else if (task->pty_writer) {
        writer->Send(std::string(1, '\x04'));  // ^D: end of input for the terminal's reader
      }
    }
  }
}

void StepSupervisor::OnSrunMessage(const proto::StepIo& message) {
  switch (message.kind_case()) {
    case proto::StepIo::kStdin: ForwardStdin(message.stdin()); break;
    case proto::StepIo::kSignal:
      if (message.signal().signal() == SIGKILL || message.signal().signal() == SIGTERM) {
        Terminate();
        if (message.signal().signal() == SIGKILL) SignalTasks(SIGKILL);
      } else {
        SignalTasks(message.signal().signal());
      }
      break;
    case proto::StepIo::kFenceOut:
      if (pmi_) {
        pmi::KeyValueMap kvs(message.fence_out().kvs().begin(), message.fence_out().kvs().end());
        ApplyPmi(pmi_->FenceDone(kvs));
      }
      break;
    case proto::StepIo::kWindowSize:
      for (auto& task : tasks_) {
        if (!task->pty) continue;
        struct winsize size = {};
        size.ws_row = static_cast<unsigned short>(message.window_size().rows());
        size.ws_col = static_cast<unsigned short>(message.window_size().cols());
        ::ioctl(task->pty->native_handle(), TIOCSWINSZ, &size);
      }
      break;
    default: break;  // not for a stepd: ignore
  }
}

asio::awaitable<void> StepSupervisor::ReadSrun() {
  for (;;) {
    unsigned char header[net::kFrameHeaderBytes];
    auto [ec, n] = co_await asio::async_read(srun_, asio::buffer(header), as_tuple(use_awaitable));
    if (ec) break;
    auto length = net::DecodeFrameLength(header);
    if (!length) break;
    std::string payload(*length, '\0');
    auto [ec2, n2] = co_await asio::async_read(srun_, asio::buffer(payload), as_tuple(use_awaitable));
    if (ec2) break;
    proto::StepIo message;
    if (!message.ParseFromString(payload)) break;
    OnSrunMessage(message);
  }
  // srun is gone (or spoke garbage): its step must not run on unattended.
  srun_alive_ = false;
  if (!finished_) Terminate();
}

int StepSupervisor::Run() {
  BecomeSubreaper();
  WaitSignals();
  sigset_t handled;  // StepdMain blocked these; the signal set takes them now
  sigemptyset(&handled);
  for (int sig : {SIGCHLD, SIGTERM, SIGINT}) sigaddset(&handled, sig);
  sigprocmask(SIG_UNBLOCK, &handled, nullptr);
  if (!ConnectToSrun()) {
    // Nobody to report to: do not start anything.
    return 1;
  }
  Result<cgroup::StepCgroup> cgroup =
      cgroup::StepCgroup::Create(launch_.cgroup(), layout_.job_id(), std::to_string(layout_.step_id()));
  if (cgroup) cgroup_ = std::move(*cgroup);
  else cgroup_error_ = "cgroup: " + cgroup.error().message();  // every task fails to start with this
  StartTasks();
  asio::co_spawn(io_, ReadSrun(), asio::detached);
  ReapTasks();  // a task may have ended before the signal set was armed
  io_.run();
  for (const auto& task : tasks_) {
    if (task->pid > 0) ::kill(-task->pid, SIGKILL);  // last word: nothing survives the step
  }
  cgroup_.KillAll();
  KillAllChildren();
  // srun has its answer and is now ending the allocation with the
  // controller: the cgroup removal and this process's exit yield to that.
  ::setpriority(PRIO_PROCESS, 0, 19);
  cgroup_.Remove();
  return exit_code_;
}

}  // namespace

int RunStep(const JobDir& dir, const std::string& node) {
  auto data = ReadWholeFile(dir.launch_step());
  proto::LaunchStep launch;
  proto::StepLayout layout;
  if (!data || !launch.ParseFromString(*data) || !layout.ParseFromString(launch.grant().layout()) ||
      launch.argv().empty()) {
    return 1;
  }
  uint32_t index = 0;
  while (static_cast<int>(index) < layout.nodes_size() && layout.nodes(static_cast<int>(index)) != node) ++index;
  if (static_cast<int>(index) == layout.nodes_size()) return 1;
  StepSupervisor supervisor(std::move(launch), std::move(layout), dir, node, index);
  return supervisor.Run();
}

}  // namespace bramble::stepd
