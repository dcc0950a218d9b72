// AskLocalJobs against a scripted server on a real unix socket.
#include "pam/node_query.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <thread>

#include "net/frame.h"

namespace bramble::pam {
namespace {

using namespace std::chrono_literals;

// Listens on a socket in a fresh directory; Serve() accepts one connection,
// reads one request frame and lets `reply` answer on the raw descriptor.
class ScriptedNode {
 public:
  ScriptedNode() {
    char dir_template[] = "/tmp/pam-query-test-XXXXXX";
    dir_ = ::mkdtemp(dir_template);
    path_ = dir_ + "/node.sock";
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un addr {};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof addr.sun_path - 1);
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<struct sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 4), 0);
  }
  ~ScriptedNode() {
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }

  void Serve(std::function<void(int fd, const proto::Request&)> reply) {
    thread_ = std::thread([this, reply = std::move(reply)] {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      unsigned char header[net::kFrameHeaderBytes];
      proto::Request request;
      if (::recv(fd, header, sizeof header, MSG_WAITALL) == sizeof header) {
        auto length = net::DecodeFrameLength(header);
        std::string payload(length ? *length : 0, '\0');
        if (::recv(fd, payload.data(), payload.size(), MSG_WAITALL) == static_cast<ssize_t>(payload.size())) {
          auto envelope = net::OpenEnvelope(payload);
          if (envelope) request.ParseFromString(envelope->body());
        }
      }
      reply(fd, request);
      ::close(fd);
    });
  }

  static void Send(int fd, const proto::Response& response) {
    std::string frame = net::EncodeFrame(net::SealEnvelope(response.SerializeAsString(), nullptr));
    ASSERT_EQ(::send(fd, frame.data(), frame.size(), MSG_NOSIGNAL), static_cast<ssize_t>(frame.size()));
  }

  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
  int listen_fd_ = -1;
  std::thread thread_;
};

TEST(AskLocalJobs, ReturnsTheDaemonsJobIdsForTheUid) {
  ScriptedNode node;
  uint32_t asked = 0;
  node.Serve([&](int fd, const proto::Request& request) {
    asked = request.local_jobs().uid();
    proto::Response response;
    response.mutable_local_jobs()->add_job_ids(3);
    response.mutable_local_jobs()->add_job_ids(9);
    ScriptedNode::Send(fd, response);
  });
  auto jobs = AskLocalJobs(node.path(), 1001, 5s);
  ASSERT_TRUE(jobs) << jobs.error().message();
  EXPECT_EQ(*jobs, (std::vector<uint32_t>{3, 9}));
  EXPECT_EQ(asked, 1001u);
}

TEST(AskLocalJobs, AnEmptyListMeansNoJobs) {
  ScriptedNode node;
  node.Serve([](int fd, const proto::Request&) {
    proto::Response response;
    response.mutable_local_jobs();
    ScriptedNode::Send(fd, response);
  });
  auto jobs = AskLocalJobs(node.path(), 1001, 5s);
  ASSERT_TRUE(jobs) << jobs.error().message();
  EXPECT_TRUE(jobs->empty());
}

TEST(AskLocalJobs, TheDaemonsRefusalIsTheError) {
  ScriptedNode node;
  node.Serve([](int fd, const proto::Request&) {
    ScriptedNode::Send(fd, net::ErrorResponse(Code::kPermissionDenied, "only root may ask"));
  });
  auto jobs = AskLocalJobs(node.path(), 1001, 5s);
  ASSERT_FALSE(jobs);
  EXPECT_EQ(jobs.error().code(), Code::kPermissionDenied);
  EXPECT_EQ(jobs.error().message(), node.path() + ": only root may ask");
}

TEST(AskLocalJobs, AnAnswerWithoutAJobListIsMalformed) {
  ScriptedNode node;
  node.Serve([](int fd, const proto::Request&) { ScriptedNode::Send(fd, proto::Response()); });
  auto jobs = AskLocalJobs(node.path(), 1001, 5s);
  ASSERT_FALSE(jobs);
  EXPECT_EQ(jobs.error().code(), Code::kInvalidArgument);
}

TEST(AskLocalJobs, ADaemonThatHangsUpIsUnavailable) {
  ScriptedNode node;
  node.Serve([](int, const proto::Request&) {});
  auto jobs = AskLocalJobs(node.path(), 1001, 5s);
  ASSERT_FALSE(jobs);
  EXPECT_EQ(jobs.error().code(), Code::kUnavailable);
}

TEST(AskLocalJobs, ASilentDaemonRunsIntoTheDeadline) {
  ScriptedNode node;
  int done[2];
  ASSERT_EQ(::pipe(done), 0);
  node.Serve([&](int, const proto::Request&) {
    char byte;
    (void)::read(done[0], &byte, 1);  // holds the connection open until the client gave up
  });
  auto start = std::chrono::steady_clock::now();
  auto jobs = AskLocalJobs(node.path(), 1001, 200ms);
  auto took = std::chrono::steady_clock::now() - start;
  (void)::write(done[1], "x", 1);
  ASSERT_FALSE(jobs);
  EXPECT_EQ(jobs.error().code(), Code::kDeadlineExceeded);
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 3s);
  ::close(done[0]);
  ::close(done[1]);
}

TEST(AskLocalJobs, NothingListeningIsUnavailable) {
  auto jobs = AskLocalJobs("/nonexistent/bramble/node.sock", 1001, 1s);
  ASSERT_FALSE(jobs);
  EXPECT_EQ(jobs.error().code(), Code::kUnavailable);
  EXPECT_NE(jobs.error().message().find("/nonexistent/bramble/node.sock"), std::string::npos);
}

TEST(AskLocalJobs, RelativeOrOverlongPathsAreRefused) {
  EXPECT_EQ(AskLocalJobs("run/node.sock", 1, 1s).error().code(), Code::kInvalidArgument);
  EXPECT_EQ(AskLocalJobs("", 1, 1s).error().code(), Code::kInvalidArgument);
  EXPECT_EQ(AskLocalJobs("/" + std::string(200, 'x'), 1, 1s).error().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace bramble::pam
