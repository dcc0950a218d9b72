#include "node/local_jobs_socket.h"

#include <gtest/gtest.h>

namespace bramble::node {
namespace {

proto::Request AskFor(uint32_t uid) {
  proto::Request request;
  request.mutable_local_jobs()->set_uid(uid);
  return request;
}

net::CallContext Caller(std::optional<uint32_t> uid) {
  net::CallContext ctx;
  ctx.peer = "unix";
  ctx.peer_uid = uid;
  ctx.peer_gid = uid;
  return ctx;
}

std::vector<uint32_t> AlicesJobs(uint32_t uid) {
  return uid == 1001 ? std::vector<uint32_t>{4, 8} : std::vector<uint32_t>{};
}

// Records what it was asked to adopt; job 8 is alice's newest.
struct FakeAdopter {
  uint32_t uid = 0, pid = 0;
  int calls = 0;
  SessionAdopter Fn() {
    return [this](uint32_t u, uint32_t p) -> Result<uint32_t> {
      ++calls;
      uid = u;
      pid = p;
      if (p == 666) return Unavailable("this node has no cgroups to adopt into");
      return 8u;
    };
  }
};

SessionAdopter NoAdopt() {
  return [](uint32_t, uint32_t) -> Result<uint32_t> { return Internal("not asked"); };
}

TEST(AnswerLocalJobs, RootGetsTheUsersJobs) {
  proto::Response response = AnswerLocalJobs(Caller(0), AskFor(1001), AlicesJobs, NoAdopt());
  EXPECT_EQ(response.code(), 0);
  ASSERT_TRUE(response.has_local_jobs());
  EXPECT_EQ(std::vector<uint32_t>(response.local_jobs().job_ids().begin(), response.local_jobs().job_ids().end()),
            (std::vector<uint32_t>{4, 8}));
}

TEST(AnswerLocalJobs, NoJobsIsAnEmptyListNotAnError) {
  proto::Response response = AnswerLocalJobs(Caller(0), AskFor(1002), AlicesJobs, NoAdopt());
  EXPECT_EQ(response.code(), 0);
  EXPECT_TRUE(response.has_local_jobs());
  EXPECT_EQ(response.local_jobs().job_ids_size(), 0);
}

// Users may not learn whether anyone (themselves included) runs jobs here.
TEST(AnswerLocalJobs, OnlyRootMayAsk) {
  for (std::optional<uint32_t> uid : {std::optional<uint32_t>(1001), std::optional<uint32_t>(65534),
                                      std::optional<uint32_t>()}) {
    proto::Response response = AnswerLocalJobs(Caller(uid), AskFor(1001), AlicesJobs, NoAdopt());
    EXPECT_EQ(response.code(), static_cast<int>(Code::kPermissionDenied));
    EXPECT_FALSE(response.has_local_jobs());
  }
}

TEST(AnswerLocalJobs, OtherRequestsAreRefused) {
  proto::Request ping;
  ping.mutable_ping();
  EXPECT_EQ(AnswerLocalJobs(Caller(0), ping, AlicesJobs, NoAdopt()).code(), static_cast<int>(Code::kInvalidArgument));
  proto::Request sign;
  sign.mutable_sign();
  EXPECT_EQ(AnswerLocalJobs(Caller(0), sign, AlicesJobs, NoAdopt()).code(), static_cast<int>(Code::kInvalidArgument));
}

TEST(AnswerLocalJobs, AdoptMovesTheSessionIntoTheUsersJob) {
  FakeAdopter adopter;
  proto::Request request = AskFor(1001);
  request.mutable_local_jobs()->set_adopt_pid(4242);
  proto::Response response = AnswerLocalJobs(Caller(0), request, AlicesJobs, adopter.Fn());
  EXPECT_EQ(response.code(), 0);
  EXPECT_EQ(response.local_jobs().adopted_job(), 8u);
  EXPECT_EQ(adopter.uid, 1001u);
  EXPECT_EQ(adopter.pid, 4242u);
  request.mutable_local_jobs()->set_adopt_pid(666);
  response = AnswerLocalJobs(Caller(0), request, AlicesJobs, adopter.Fn());
  EXPECT_EQ(response.local_jobs().adopted_job(), 0u);
  EXPECT_EQ(response.local_jobs().adopt_error(), "this node has no cgroups to adopt into");
  EXPECT_EQ(response.local_jobs().job_ids_size(), 2);  // access is still answered
}

TEST(AnswerLocalJobs, NoJobMeansNoAdoption) {
  FakeAdopter adopter;
  proto::Request request = AskFor(1002);
  request.mutable_local_jobs()->set_adopt_pid(4242);
  proto::Response response = AnswerLocalJobs(Caller(0), request, AlicesJobs, adopter.Fn());
  EXPECT_EQ(adopter.calls, 0);
  EXPECT_EQ(response.local_jobs().adopted_job(), 0u);
  // ...and a user may not ask for an adoption at all.
  response = AnswerLocalJobs(Caller(1001), AskFor(1001), AlicesJobs, adopter.Fn());
  EXPECT_EQ(response.code(), static_cast<int>(Code::kPermissionDenied));
}

}  // namespace
}  // namespace bramble::node
