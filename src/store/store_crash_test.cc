// Durability tests: a committed batch survives the death of the process
// that committed it, whether it exits without closing the database or is
// killed with SIGKILL at an arbitrary point.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "store/store.h"
#include "store/test_dir.h"

namespace bramble::store {
namespace {

// Child side: commits jobs 1..count, one batch each, reporting each id on
// `report_fd` (if >= 0) once its Commit returned OK. Never returns.
[[noreturn]] void CommitJobsThenExit(const std::string& path, uint32_t count, int report_fd) {
  auto store = OpenSqliteStore(path);
  if (!store) _exit(2);
  for (uint32_t id = 1; id <= count; ++id) {
    proto::JobRecord job;
    job.set_job_id(id);
    job.mutable_spec()->set_script(std::string(500, 'x'));
    if (!(*store)->Commit({.upsert_jobs = {job}, .next_job_id = id + 1}).ok()) _exit(3);
    if (report_fd >= 0 && write(report_fd, &id, sizeof id) != sizeof id) _exit(4);
  }
  store->release();  // leaked on purpose: the database is never closed
  _exit(0);
}

std::set<uint32_t> StoredJobIds(const std::string& path, uint32_t* next_job_id) {
  auto store = OpenSqliteStore(path);
  EXPECT_TRUE(store) << store.error().message();
  if (!store) return {};
  auto state = (*store)->Load();
  EXPECT_TRUE(state) << state.error().message();
  if (!state) return {};
  std::set<uint32_t> ids;
  for (const proto::JobRecord& job : state->jobs) ids.insert(job.job_id());
  *next_job_id = state->next_job_id;
  return ids;
}

TEST(StoreCrashTest, ExitWithoutCloseKeepsCommits) {
  TempDir dir;
  std::string path = dir.path() + "/state.db";
  constexpr uint32_t kJobs = 200;
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) CommitJobsThenExit(path, kJobs, -1);
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFEXITED(wstatus));
  ASSERT_EQ(WEXITSTATUS(wstatus), 0);

  uint32_t next_job_id = 0;
  std::set<uint32_t> ids = StoredJobIds(path, &next_job_id);
  EXPECT_EQ(ids.size(), kJobs);
  EXPECT_EQ(next_job_id, kJobs + 1);
}

TEST(StoreCrashTest, SigkillKeepsReportedCommits) {
  TempDir dir;
  std::string path = dir.path() + "/state.db";
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    CommitJobsThenExit(path, 1'000'000, fds[1]);
  }
  close(fds[1]);
  // Wait for a good number of commits, then kill the child mid-stream.
  uint32_t last_reported = 0;
  while (last_reported < 300) {
    uint32_t id;
    ASSERT_EQ(read(fds[0], &id, sizeof id), static_cast<ssize_t>(sizeof id));
    last_reported = id;
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus));
  // Reports written before the kill also count.
  uint32_t id;
  while (read(fds[0], &id, sizeof id) == static_cast<ssize_t>(sizeof id)) last_reported = id;
  close(fds[0]);

  uint32_t next_job_id = 0;
  std::set<uint32_t> ids = StoredJobIds(path, &next_job_id);
  ASSERT_GE(ids.size(), last_reported);
  // Commits are in order, so what survived is exactly 1..N with N >= last reported.
  EXPECT_EQ(*ids.begin(), 1u);
  EXPECT_EQ(*ids.rbegin(), ids.size());
  EXPECT_EQ(next_job_id, ids.size() + 1);
}

}  // namespace
}  // namespace bramble::store
