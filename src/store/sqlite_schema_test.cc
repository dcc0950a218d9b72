// Tests for schema migrations: every past version upgrades, a future one is
// refused.
#include "store/sqlite_schema.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "store/store.h"
#include "store/test_dir.h"

namespace bramble::store {
namespace {

TEST(SqliteSchemaTest, EmptyFileIsUpgraded) {
  TempDir dir;
  std::string path = dir.path() + "/state.db";
  int fd = open(path.c_str(), O_CREAT | O_WRONLY, 0600);  // version 0: an empty file
  ASSERT_GE(fd, 0);
  close(fd);
  auto store = OpenSqliteStore(path);
  ASSERT_TRUE(store) << store.error().message();
  EXPECT_TRUE((*store)->Commit({.next_job_id = 5}).ok());
  RawDb raw(path);
  EXPECT_EQ(raw.QueryText("PRAGMA user_version"), std::to_string(LatestSchemaVersion()));
}

TEST(SqliteSchemaTest, EveryPastVersionIsUpgraded) {
  for (int version = 0; version < LatestSchemaVersion(); ++version) {
    SCOPED_TRACE("from version " + std::to_string(version));
    TempDir dir;
    std::string path = dir.path() + "/state.db";
    {
      RawDb raw(path);
      ASSERT_TRUE(MigrateSchema(raw.get(), path, version).ok());
      EXPECT_EQ(raw.QueryText("PRAGMA user_version"), std::to_string(version));
    }
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store) << store.error().message();
    proto::JobRecord job;
    job.set_job_id(1);
    ASSERT_TRUE((*store)->Commit({.upsert_jobs = {job},
                                  .next_job_id = 2,
                                  .usage = FairShareUsage{5, {{"alice", 1.5}}},
                                  .upsert_limit_changes = {{"user", "alice", "", "MaxJobs=1"}},
                                  .upsert_accounting = {job}})
                    .ok());
    auto state = (*store)->Load();
    ASSERT_TRUE(state);
    EXPECT_EQ(state->jobs.size(), 1u);
    EXPECT_EQ(state->usage.users.size(), 1u);
    EXPECT_EQ(state->limit_changes.size(), 1u);
    auto accounting = (*store)->QueryAccounting({}, 10);
    ASSERT_TRUE(accounting);
    EXPECT_EQ(accounting->size(), 1u);
    RawDb raw(path);
    EXPECT_EQ(raw.QueryText("PRAGMA user_version"), std::to_string(LatestSchemaVersion()));
  }
}

TEST(SqliteSchemaTest, MigrationIsIdempotent) {
  TempDir dir;
  std::string path = dir.path() + "/state.db";
  RawDb raw(path);
  ASSERT_TRUE(MigrateSchema(raw.get(), path).ok());
  ASSERT_TRUE(MigrateSchema(raw.get(), path).ok());
  EXPECT_EQ(raw.QueryText("PRAGMA user_version"), std::to_string(LatestSchemaVersion()));
}

TEST(SqliteSchemaTest, FutureVersionRefused) {
  TempDir dir;
  std::string path = dir.path() + "/state.db";
  int future = LatestSchemaVersion() + 1;
  {
    RawDb raw(path);
    raw.Exec("PRAGMA user_version = " + std::to_string(future));
  }
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), Code::kInvalidArgument);
  EXPECT_NE(store.error().message().find("schema version " + std::to_string(future)),
            std::string::npos)
      << store.error().message();
  EXPECT_NE(store.error().message().find("newer bramble"), std::string::npos);
}

}  // namespace
}  // namespace bramble::store
