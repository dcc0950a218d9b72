#include "cli/squeue_format.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace bramble::cli {
namespace {

constexpr int64_t kNow = 1795273381;  // 2026-11-21T15:03:01 UTC

class SqueueFormatTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("TZ", "UTC", 1);
    tzset();
  }

  static proto::JobRecord Running() {
    proto::JobRecord job;
    job.set_job_id(12);
    job.set_uid(1001);
    job.set_gid(1001);
    job.set_user("alice");
    job.set_group("users");
    job.set_state(proto::RUNNING);
    job.set_submit_time(kNow - 100);
    job.set_start_time(kNow - 65);
    job.set_time_limit_s(3600);
    job.add_nodes("pi1");
    job.add_nodes("pi2");
    job.add_cpus_per_node(4);
    job.add_cpus_per_node(4);
    job.set_batch_host("pi1");
    job.set_priority(4294901760u);
    job.mutable_spec()->set_name("test.sh");
    job.mutable_spec()->set_partition("debug");
    job.mutable_spec()->set_work_dir("/home/alice");
    return job;
  }

  static proto::JobRecord Pending() {
    proto::JobRecord job = Running();
    job.set_job_id(13);
    job.set_state(proto::PENDING);
    job.set_reason("Resources");
    job.set_start_time(0);
    job.clear_nodes();
    job.clear_cpus_per_node();
    job.clear_batch_host();
    job.mutable_spec()->set_nodes_min(3);
    return job;
  }
};

TEST_F(SqueueFormatTest, DefaultFormatHeaderAndRows) {
  std::string out = FormatSqueue({Running(), Pending()}, kSqueueDefaultFormat, true, kNow);
  EXPECT_EQ(out,
            "             JOBID PARTITION     NAME     USER ST       TIME  NODES NODELIST(REASON)\n"
            "                12     debug  test.sh    alice  R       1:05      2 pi[1-2]\n"
            "                13     debug  test.sh    alice PD       0:00      3 (Resources)\n");
}

TEST_F(SqueueFormatTest, NoHeaderAndEmptyList) {
  EXPECT_EQ(FormatSqueue({}, kSqueueDefaultFormat, false, kNow), "");
  EXPECT_EQ(FormatSqueue({Running()}, "%i", false, kNow), "12\n");
}

TEST_F(SqueueFormatTest, LongFormatCutsStateAndTimeLimitHeader) {
  proto::JobRecord completing = Running();
  completing.set_completing(true);
  completing.set_end_state(proto::CANCELLED);
  std::string out = FormatSqueue({completing}, kSqueueLongFormat, true, kNow);
  EXPECT_EQ(out,
            "             JOBID PARTITION     NAME     USER    STATE       TIME TIME_LIMI  NODES NODELIST(REASON)\n"
            "                12     debug  test.sh    alice COMPLETI       1:05   1:00:00      2 pi[1-2]\n");
  EXPECT_EQ(FormatSqueue({completing}, "%t %T", false, kNow), "CG COMPLETING\n");
}

TEST_F(SqueueFormatTest, BatchspawnerStateAndExecHost) {
  EXPECT_EQ(FormatSqueue({Running()}, "%T %B", false, kNow), "RUNNING pi1\n");
  EXPECT_EQ(FormatSqueue({Pending()}, "%T %B", false, kNow), "PENDING n/a\n");
  EXPECT_EQ(FormatSqueue({Running()}, "%T %B", true, kNow), "STATE EXEC_HOST\nRUNNING pi1\n");
}

TEST_F(SqueueFormatTest, ParsableFormatsOfWorkflowTools) {
  // snakemake: --format='%i|%T'; Nextflow: -o '%i %t'.
  EXPECT_EQ(FormatSqueue({Running(), Pending()}, "%i|%T", false, kNow), "12|RUNNING\n13|PENDING\n");
  EXPECT_EQ(FormatSqueue({Running(), Pending()}, "%i %t", false, kNow), "12 R\n13 PD\n");
}

TEST_F(SqueueFormatTest, TruncatesNamesButNotTimesOrNodeLists) {
  proto::JobRecord job = Running();
  job.mutable_spec()->set_name("averylongjobname");
  job.set_start_time(kNow - 2 * 86400 - 3 * 3600 - 4 * 60 - 5);
  EXPECT_EQ(FormatSqueue({job}, "%.8j|%8j|%.3M|%.3N|%3R|", false, kNow),
            "averylon|averylon|2-03:04:05|pi[1-2]|pi[1-2]|\n");
  EXPECT_EQ(FormatSqueue({job}, "%.3N|%5N|", true, kNow), "NODELIST|NODELIST|\n"
                                                           "pi[1-2]|pi[1-2]|\n");
  EXPECT_EQ(FormatSqueue({job}, "%.6l|%5l|", true, kNow), "TIME_L|TIME_|\n"
                                                          "1:00:00|1:00:00|\n");
}

TEST_F(SqueueFormatTest, TimeLimitAndTimeLeft) {
  proto::JobRecord job = Running();
  EXPECT_EQ(FormatSqueue({job}, "%l %L %M", false, kNow), "1:00:00 58:55 1:05\n");
  job.set_time_limit_s(1800);
  EXPECT_EQ(FormatSqueue({job}, "%l", false, kNow), "30:00\n");
  job.set_time_limit_s(2 * 86400);
  EXPECT_EQ(FormatSqueue({job}, "%l", false, kNow), "2-00:00:00\n");
  job.set_time_limit_s(-1);
  EXPECT_EQ(FormatSqueue({job}, "%l %L %e", false, kNow), "UNLIMITED UNLIMITED NONE\n");
  job.set_time_limit_s(60);  // ran past its limit: no negative time left
  EXPECT_EQ(FormatSqueue({job}, "%L", false, kNow), "0:00\n");
}

TEST_F(SqueueFormatTest, ReasonShownForPendingFailedAndTimeout) {
  proto::JobRecord failed = Running();
  failed.set_state(proto::FAILED);
  failed.set_reason("NonZeroExitCode");
  failed.set_end_time(kNow - 5);
  proto::JobRecord timeout = failed;
  timeout.set_state(proto::TIMEOUT);
  timeout.set_reason("TimeLimit");
  proto::JobRecord cancelled = failed;
  cancelled.set_state(proto::CANCELLED);
  proto::JobRecord no_reason = Pending();
  no_reason.clear_reason();
  EXPECT_EQ(FormatSqueue({failed, timeout, cancelled, no_reason}, "%R|%r", false, kNow),
            "(NonZeroExitCode)|NonZeroExitCode\n"
            "(TimeLimit)|TimeLimit\n"
            "pi[1-2]|NonZeroExitCode\n"
            "(None)|None\n");
  // A finished job's time is end - start.
  EXPECT_EQ(FormatSqueue({failed}, "%M %t", false, kNow), "1:00 F\n");
}

TEST_F(SqueueFormatTest, IdentityAndResourceFields) {
  proto::JobRecord job = Running();
  EXPECT_EQ(FormatSqueue({job}, "%i %A %F %K %u %U %g %G %C %D %P %a %q %Q %o %Z", false, kNow),
            "12 12 12 N/A alice 1001 users 1001 8 2 debug (null) normal 4294901760 test.sh /home/alice\n");
  EXPECT_EQ(FormatSqueue({job}, "%p", false, kNow), "0.99998474144376\n");
  proto::JobRecord pending = Pending();
  pending.mutable_spec()->set_ntasks(6);
  pending.mutable_spec()->set_cpus_per_task(2);
  EXPECT_EQ(FormatSqueue({pending}, "%C %D %N|", false, kNow), "12 3 |\n");
}

TEST_F(SqueueFormatTest, Timestamps) {
  proto::JobRecord job = Running();
  EXPECT_EQ(FormatSqueue({job}, "%V %S %e", false, kNow),
            "2026-11-21T15:01:21 2026-11-21T15:01:56 2026-11-21T16:01:56\n");
  EXPECT_EQ(FormatSqueue({Pending()}, "%S %e", false, kNow), "N/A N/A\n");
  EXPECT_EQ(FormatSqueue({job}, "%.10S|", false, kNow), "2026-11-21|\n");
}

TEST_F(SqueueFormatTest, HeadersOfEveryField) {
  EXPECT_EQ(FormatSqueue({}, "%a %A %B %C %D %e %F %g %i %j %K %l %L %M %N %o %p %P %q %Q %r %R %S %t %T %u %U %V %Z",
                         true, kNow),
            "ACCOUNT JOBID EXEC_HOST CPUS NODES END_TIME ARRAY_JOB_ID GROUP JOBID NAME ARRAY_TASK_ID "
            "TIME_LIMIT TIME_LEFT TIME NODELIST COMMAND PRIORITY PARTITION QOS PRIORITY REASON "
            "NODELIST(REASON) START_TIME ST STATE USER UID SUBMIT_TIME WORK_DIR\n");
}

TEST_F(SqueueFormatTest, UnknownLettersPrintLiterally) {
  EXPECT_EQ(FormatSqueue({Running()}, "%i %.5y!", true, kNow), "JOBID %.5y!\n12 %.5y!\n");
  EXPECT_EQ(InvalidSqueueFields("%i %y %T %w"), (std::vector<char>{'y', 'w'}));
  EXPECT_TRUE(InvalidSqueueFields(kSqueueLongFormat).empty());
}

TEST_F(SqueueFormatTest, SortsByPartitionStateThenPriority) {
  proto::JobRecord a = Running();  // debug, running
  a.set_job_id(1);
  proto::JobRecord b = Pending();  // debug, pending, lower priority
  b.set_job_id(2);
  b.set_priority(10);
  proto::JobRecord c = Pending();  // debug, pending, higher priority
  c.set_job_id(3);
  c.set_priority(20);
  proto::JobRecord d = Pending();  // another partition sorts first by name
  d.set_job_id(4);
  d.mutable_spec()->set_partition("batch");
  std::vector<proto::JobRecord> jobs = {a, b, c, d};
  SortJobsForDisplay(jobs);
  EXPECT_EQ(FormatSqueue(jobs, "%i", false, kNow), "4\n3\n2\n1\n");
}

TEST_F(SqueueFormatTest, DependencyScheduledNodesAndExpectedStart) {
  proto::JobRecord pending = Pending();
  EXPECT_EQ(FormatSqueue({pending}, "%E|%Y|%S", true, kNow), "DEPENDENCY|SCHEDNODES|START_TIME\n(null)|(null)|N/A\n");
  pending.set_dependency_text("afterok:12(unfulfilled)");
  pending.set_scheduled_nodes("pi[1-3]");
  pending.set_expected_start(kNow + 3599);
  EXPECT_EQ(FormatSqueue({pending}, "%E|%3Y|%S", false, kNow),
            "afterok:12(unfulfilled)|pi[1-3]|2026-11-21T16:03:00\n");
  // A running job's %S is when it started, whatever backfill once expected.
  proto::JobRecord running = Running();
  running.set_expected_start(kNow + 3599);
  EXPECT_EQ(FormatSqueue({running}, "%S %Y", false, kNow), "2026-11-21T15:01:56 (null)\n");
  EXPECT_EQ(FormatSqueue({}, "%.3Y|%5E|", true, kNow), "SCHEDNODES|DEPEN|\n");
}

TEST_F(SqueueFormatTest, StartLayout) {
  proto::JobRecord reserved = Pending();
  reserved.set_expected_start(kNow + 3599);
  reserved.set_scheduled_nodes("pi[1-2]");
  proto::JobRecord waiting = Pending();
  waiting.set_job_id(14);
  waiting.set_reason("Dependency");
  EXPECT_EQ(FormatSqueue({reserved, waiting}, kSqueueStartFormat, true, kNow),
            "             JOBID PARTITION     NAME     USER ST          START_TIME  NODES SCHEDNODES           "
            "NODELIST(REASON)\n"
            "                13     debug  test.sh    alice PD 2026-11-21T16:03:00      3 pi[1-2]              "
            "(Resources)\n"
            "                14     debug  test.sh    alice PD                 N/A      3 (null)               "
            "(Dependency)\n");
}

TEST_F(SqueueFormatTest, ArrayTaskIdentity) {
  proto::JobRecord task = Running();
  task.set_job_id(15);
  task.set_array_job_id(12);
  task.set_array_task_id(3);
  EXPECT_EQ(FormatSqueue({task}, "%i %A %F %K %a", false, kNow), "12_3 15 12 3 (null)\n");
  EXPECT_EQ(FormatSqueue({task}, "%.5i|", false, kNow), " 12_3|\n");
}

TEST_F(SqueueFormatTest, BaseStateOfCompletingJob) {
  proto::JobRecord job = Running();
  EXPECT_EQ(BaseState(job), proto::RUNNING);
  job.set_completing(true);
  job.set_end_state(proto::CANCELLED);
  EXPECT_EQ(BaseState(job), proto::CANCELLED);
  job.set_end_time(kNow - 10);
  EXPECT_EQ(JobTimeUsed(job, kNow), 55);
}

}  // namespace
}  // namespace bramble::cli
