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

TEST(AnswerLocalJobs, RootGetsTheUsersJobs) {
  proto::Response response = AnswerLocalJobs(Caller(0), AskFor(1001), AlicesJobs);
  EXPECT_EQ(response.code(), 0);
  ASSERT_TRUE(response.has_local_jobs());
  EXPECT_EQ(std::vector<uint32_t>(response.local_jobs().job_ids().begin(), response.local_jobs().job_ids().end()),
            (std::vector<uint32_t>{4, 8}));
}

TEST(AnswerLocalJobs, NoJobsIsAnEmptyListNotAnError) {
  proto::Response response = AnswerLocalJobs(Caller(0), AskFor(1002), AlicesJobs);
  EXPECT_EQ(response.code(), 0);
  EXPECT_TRUE(response.has_local_jobs());
  EXPECT_EQ(response.local_jobs().job_ids_size(), 0);
}

// Users may not learn whether anyone (themselves included) runs jobs here.
TEST(AnswerLocalJobs, OnlyRootMayAsk) {
  for (std::optional<uint32_t> uid : {std::optional<uint32_t>(1001), std::optional<uint32_t>(65534),
                                      std::optional<uint32_t>()}) {
    proto::Response response = AnswerLocalJobs(Caller(uid), AskFor(1001), AlicesJobs);
    EXPECT_EQ(response.code(), static_cast<int>(Code::kPermissionDenied));
    EXPECT_FALSE(response.has_local_jobs());
  }
}

TEST(AnswerLocalJobs, OtherRequestsAreRefused) {
  proto::Request ping;
  ping.mutable_ping();
  EXPECT_EQ(AnswerLocalJobs(Caller(0), ping, AlicesJobs).code(), static_cast<int>(Code::kInvalidArgument));
  proto::Request sign;
  sign.mutable_sign();
  EXPECT_EQ(AnswerLocalJobs(Caller(0), sign, AlicesJobs).code(), static_cast<int>(Code::kInvalidArgument));
}

}  // namespace
}  // namespace bramble::node
