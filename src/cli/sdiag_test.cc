#include "cli/sdiag.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace bramble::cli {
namespace {

class SdiagFormatTest : public testing::Test {
 protected:
  void SetUp() override {
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
};

proto::DiagnosticsReply Reply() {
  proto::DiagnosticsReply r;
  r.set_now(1795412400);    // Mon Nov 23 05:40:00 2026 UTC
  r.set_since(1795412100);  // five minutes before
  r.set_jobs_submitted(12);
  r.set_jobs_started(10);
  r.set_jobs_completed(7);
  r.set_jobs_canceled(2);
  r.set_jobs_failed(1);
  r.set_jobs_pending(2);
  r.set_jobs_running(0);
  r.set_last_cycle_us(133);
  r.set_max_cycle_us(1097);
  r.set_cycles(4);
  r.set_cycle_sum_us(1320);
  r.set_cycle_depth_sum(10);
  r.set_last_queue_length(2);
  return r;
}

TEST_F(SdiagFormatTest, SlurmsLabelsAndLayout) {
  EXPECT_EQ(FormatSdiag(Reply()),
            "*******************************************************\n"
            "sdiag output at Mon Nov 23 05:40:00 2026 (1795412400)\n"
            "Data since      Mon Nov 23 05:35:00 2026 (1795412100)\n"
            "*******************************************************\n"
            "Jobs submitted: 12\n"
            "Jobs started:   10\n"
            "Jobs completed: 7\n"
            "Jobs canceled:  2\n"
            "Jobs failed:    1\n"
            "\n"
            "Job states ts:  Mon Nov 23 05:40:00 2026 (1795412400)\n"
            "Jobs pending:   2\n"
            "Jobs running:   0\n"
            "\n"
            "Main schedule statistics (microseconds):\n"
            "\tLast cycle:   133\n"
            "\tMax cycle:    1097\n"
            "\tTotal cycles: 4\n"
            "\tMean cycle:   330\n"
            "\tMean depth cycle:  2\n"
            "\tCycles per minute: 0\n"
            "\tLast queue length: 2\n");
}

// No pass yet: no means to divide by; under a minute: no rate.
TEST_F(SdiagFormatTest, NoCyclesNoMeans) {
  proto::DiagnosticsReply r = Reply();
  r.set_cycles(0);
  r.set_since(r.now() - 30);
  std::string out = FormatSdiag(r);
  EXPECT_EQ(out.find("Mean cycle"), std::string::npos);
  EXPECT_EQ(out.find("Cycles per minute"), std::string::npos);
  EXPECT_NE(out.find("\tTotal cycles: 0\n\tLast queue length: 2\n"), std::string::npos) << out;
}

TEST(SdiagOptionsTest, DefaultsResetAndAcceptedSortFlags) {
  auto plain = ParseSdiagOptions({"sdiag"});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->reset);
  auto reset = ParseSdiagOptions({"sdiag", "--reset"});
  ASSERT_TRUE(reset);
  EXPECT_TRUE(reset->reset);
  auto sorted = ParseSdiagOptions({"sdiag", "-a", "-t", "-i"});
  ASSERT_TRUE(sorted);
  EXPECT_FALSE(sorted->reset);
  EXPECT_TRUE(ParseSdiagOptions({"sdiag", "--usage"})->usage);
  EXPECT_TRUE(ParseSdiagOptions({"sdiag", "-V"})->version);
}

TEST(SdiagOptionsTest, UnknownOptionAndOperandAreErrors) {
  auto bad = ParseSdiagOptions({"sdiag", "--frobnicate"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("sdiag: unrecognized option '--frobnicate'"), std::string::npos)
      << bad.error().message();
  auto operand = ParseSdiagOptions({"sdiag", "extra"});
  ASSERT_FALSE(operand);
  EXPECT_NE(operand.error().message().find("extra"), std::string::npos);
}

}  // namespace
}  // namespace bramble::cli
