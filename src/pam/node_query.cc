// The NodeSocket client; see node_query.h.
#include "pam/node_query.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "net/frame.h"

namespace bramble::pam {
namespace {

using Clock = std::chrono::steady_clock;

// Closes the socket on every path out.
class SocketFd {
 public:
  explicit SocketFd(int fd) : fd_(fd) {}
  ~SocketFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  SocketFd(const SocketFd&) = delete;
  SocketFd& operator=(const SocketFd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string Errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// Waits until `fd` is ready for `events`, or fails at the deadline.
Status WaitReady(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return Status(Code::kDeadlineExceeded, "the node daemon did not answer in time");
    struct pollfd p {fd, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(left));
    if (n > 0) return Status::Ok();
    if (n < 0 && errno != EINTR) return Unavailable(Errno("poll"));
  }
}

Status SendAll(int fd, const std::string& data, Clock::time_point deadline) {
  for (size_t sent = 0; sent < data.size();) {
    BRAMBLE_RETURN_IF_ERROR(WaitReady(fd, POLLOUT, deadline));
    // MSG_NOSIGNAL: a daemon that went away must not SIGPIPE sshd.
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno != EINTR && errno != EAGAIN) return Unavailable(Errno("send"));
    if (n > 0) sent += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Status ReceiveExactly(int fd, char* out, size_t size, Clock::time_point deadline) {
  for (size_t got = 0; got < size;) {
    BRAMBLE_RETURN_IF_ERROR(WaitReady(fd, POLLIN, deadline));
    ssize_t n = ::recv(fd, out + got, size - got, 0);
    if (n == 0) return Unavailable("the node daemon closed the connection");
    if (n < 0 && errno != EINTR && errno != EAGAIN) return Unavailable(Errno("recv"));
    if (n > 0) got += static_cast<size_t>(n);
  }
  return Status::Ok();
}

Result<proto::Response> Exchange(int fd, const std::string& envelope, Clock::time_point deadline) {
  BRAMBLE_RETURN_IF_ERROR(SendAll(fd, net::EncodeFrame(envelope), deadline));
  unsigned char header[net::kFrameHeaderBytes];
  BRAMBLE_RETURN_IF_ERROR(ReceiveExactly(fd, reinterpret_cast<char*>(header), sizeof header, deadline));
  auto length = net::DecodeFrameLength(header);
  if (!length) return length.status();
  std::string payload(*length, '\0');
  BRAMBLE_RETURN_IF_ERROR(ReceiveExactly(fd, payload.data(), payload.size(), deadline));
  auto opened = net::OpenEnvelope(payload);
  if (!opened) return opened.status();
  return net::ParseResponse(opened->body());
}

}  // namespace

Result<std::vector<uint32_t>> AskLocalJobs(const std::string& socket_path, uint32_t uid,
                                           std::chrono::milliseconds deadline) {
  Result<LocalJobs> jobs = AskLocalJobsAndAdopt(socket_path, uid, 0, deadline);
  if (!jobs) return jobs.status();
  return std::move(jobs->job_ids);
}

Result<LocalJobs> AskLocalJobsAndAdopt(const std::string& socket_path, uint32_t uid, uint32_t adopt_pid,
                                       std::chrono::milliseconds deadline) {
  auto until = Clock::now() + deadline;
  struct sockaddr_un addr {};
  addr.sun_family = AF_UNIX;
  if (socket_path.empty() || socket_path.front() != '/' || socket_path.size() >= sizeof addr.sun_path) {
    return InvalidArgument("bad socket path '" + socket_path + "'");
  }
  std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
  SocketFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return Unavailable(Errno("socket"));
  // A unix-socket connect completes at once or fails (EAGAIN: backlog full).
  if (::connect(fd.get(), reinterpret_cast<const struct sockaddr*>(&addr), sizeof addr) != 0) {
    return Unavailable(Errno("connect " + socket_path));
  }
  proto::Request request;
  request.mutable_local_jobs()->set_uid(uid);
  request.mutable_local_jobs()->set_adopt_pid(adopt_pid);
  auto response = Exchange(fd.get(), net::SealEnvelope(net::SerializeRequest(request), nullptr), until);
  if (!response) return response.status().WithContext(socket_path);
  if (response->code() != 0) {
    bool known = response->code() > 0 && response->code() <= static_cast<int>(Code::kIo);
    Code code = known ? static_cast<Code>(response->code()) : Code::kInternal;
    return Status(code, socket_path + ": " + response->error());
  }
  if (!response->has_local_jobs()) return InvalidArgument(socket_path + ": the answer holds no job list");
  const auto& reply = response->local_jobs();
  LocalJobs jobs;
  jobs.job_ids.assign(reply.job_ids().begin(), reply.job_ids().end());
  jobs.adopted_job = reply.adopted_job();
  jobs.adopt_error = reply.adopt_error();
  return jobs;
}

}  // namespace bramble::pam
