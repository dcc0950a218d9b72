// Tests for the SQLite store: round trips, atomicity, files and pragmas.
#include "store/store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "store/test_dir.h"

namespace bramble::store {
namespace {

proto::JobRecord Job(uint32_t id, proto::JobState state = proto::PENDING) {
  proto::JobRecord job;
  job.set_job_id(id);
  job.set_state(state);
  job.set_uid(1000);
  job.set_user("alice");
  job.mutable_spec()->set_name("job" + std::to_string(id));
  job.add_nodes("node01");
  return job;
}

// A script and environment, as a submission brings them (binary-safe).
JobInput Input(uint32_t id) {
  JobInput input{.id = id};
  input.input.set_script(std::string("#!/bin/sh\necho hi\0binary", 24));
  input.input.add_environment("HOME=/home/alice");
  input.input.add_environment("JOB=" + std::to_string(id));
  return input;
}

// A record as stores before schema 4 kept it: with its script and environment.
proto::JobRecord JobWithInput(uint32_t id, uint32_t array_job_id = 0) {
  proto::JobRecord job = Job(id);
  job.set_array_job_id(array_job_id);
  *job.mutable_spec()->mutable_script() = Input(id).input.script();
  *job.mutable_spec()->mutable_environment() = Input(id).input.environment();
  return job;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    store_.reset();
    auto opened = OpenSqliteStore(db_path_);
    ASSERT_TRUE(opened) << opened.error().message();
    store_ = std::move(*opened);
  }
  StoredState MustLoad() {
    auto state = store_->Load();
    EXPECT_TRUE(state) << state.error().message();
    return state ? *state : StoredState();
  }

  TempDir dir_;
  std::string db_path_ = dir_.path() + "/state.db";
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, EmptyDatabase) {
  StoredState state = MustLoad();
  EXPECT_TRUE(state.jobs.empty());
  EXPECT_TRUE(state.nodes.empty());
  EXPECT_EQ(state.next_job_id, 1u);
}

TEST_F(StoreTest, RoundTrip) {
  StoreBatch batch;
  batch.upsert_jobs = {Job(2), Job(1, proto::COMPLETED)};
  batch.upsert_nodes = {{"node02", true, false, "bad fan", 1700000000, 0},
                        {"node01", false, true, "", 0, 1000}};
  batch.next_job_id = 3;
  ASSERT_TRUE(store_->Commit(batch).ok());

  StoredState state = MustLoad();
  ASSERT_EQ(state.jobs.size(), 2u);
  EXPECT_EQ(state.jobs[0].job_id(), 1u);  // ordered by id
  EXPECT_EQ(state.jobs[0].SerializeAsString(), Job(1, proto::COMPLETED).SerializeAsString());
  EXPECT_EQ(state.jobs[1].spec().name(), "job2");
  ASSERT_EQ(state.nodes.size(), 2u);
  EXPECT_EQ(state.nodes[0].name, "node01");
  EXPECT_TRUE(state.nodes[0].down);
  EXPECT_FALSE(state.nodes[0].drain);
  EXPECT_EQ(state.nodes[0].reason_uid, 1000u);
  EXPECT_EQ(state.nodes[1].name, "node02");
  EXPECT_TRUE(state.nodes[1].drain);
  EXPECT_EQ(state.nodes[1].reason, "bad fan");
  EXPECT_EQ(state.nodes[1].reason_time, 1700000000);
  EXPECT_EQ(state.next_job_id, 3u);
}

TEST_F(StoreTest, UpsertReplacesAndDeleteRemoves) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(1), Job(2)},
                              .upsert_nodes = {{.name = "n1", .drain = true}}})
                  .ok());
  proto::JobRecord running = Job(1, proto::RUNNING);
  running.set_start_time(42);
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {running},
                              .delete_jobs = {2, 99},
                              .upsert_nodes = {{.name = "n1", .reason = "ok"}}})
                  .ok());
  StoredState state = MustLoad();
  ASSERT_EQ(state.jobs.size(), 1u);
  EXPECT_EQ(state.jobs[0].state(), proto::RUNNING);
  EXPECT_EQ(state.jobs[0].start_time(), 42);
  ASSERT_EQ(state.nodes.size(), 1u);
  EXPECT_FALSE(state.nodes[0].drain);
  EXPECT_EQ(state.nodes[0].reason, "ok");
}

TEST_F(StoreTest, ReleasingMemoryFreesTheCacheAndKeepsEverything) {
  for (uint32_t id = 1; id <= 200; ++id) {
    ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(id)}, .upsert_inputs = {Input(id)}}).ok());
  }
  EXPECT_GT(store_->ReleaseMemory(), 0u);  // pages of 200 records were cached
  EXPECT_EQ(store_->ReleaseMemory(), 0u);  // nothing left to free
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(201)}, .delete_jobs = {1}}).ok());
  StoredState state = MustLoad();
  ASSERT_EQ(state.jobs.size(), 200u);
  EXPECT_EQ(state.jobs.front().job_id(), 2u);
  EXPECT_EQ(state.jobs.back().job_id(), 201u);
}

TEST_F(StoreTest, DeleteWinsOverUpsertInOneBatch) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(5)}, .delete_jobs = {5}}).ok());
  EXPECT_TRUE(MustLoad().jobs.empty());
}

TEST_F(StoreTest, InvalidBatchRefused) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(1)}, .next_job_id = 2}).ok());
  Status st = store_->Commit({.upsert_jobs = {Job(2), Job(0)}, .next_job_id = 3});
  EXPECT_EQ(st.code(), Code::kInvalidArgument);
  EXPECT_EQ(store_->Commit({.upsert_nodes = {{.name = ""}}}).code(), Code::kInvalidArgument);
  EXPECT_EQ(store_->Commit({.upsert_jobs = {Job(3)}, .upsert_inputs = {Input(0)}}).code(), Code::kInvalidArgument);
  StoredState state = MustLoad();
  EXPECT_EQ(state.jobs.size(), 1u);
  EXPECT_EQ(state.next_job_id, 2u);
}

TEST_F(StoreTest, FailedBatchLeavesPreviousState) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(1)}, .next_job_id = 2}).ok());
  {
    RawDb raw(db_path_);
    raw.Exec("CREATE TRIGGER fail BEFORE INSERT ON nodes WHEN NEW.name = 'boom' "
             "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }
  // Jobs are written before nodes, so the failure comes mid-transaction.
  Status st = store_->Commit({.upsert_jobs = {Job(1, proto::RUNNING), Job(2)},
                              .delete_jobs = {1},
                              .upsert_nodes = {{.name = "boom"}},
                              .next_job_id = 3});
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("injected failure"), std::string::npos) << st.message();
  StoredState state = MustLoad();
  ASSERT_EQ(state.jobs.size(), 1u);
  EXPECT_EQ(state.jobs[0].state(), proto::PENDING);
  EXPECT_TRUE(state.nodes.empty());
  EXPECT_EQ(state.next_job_id, 2u);
  // The store still works after a failed commit.
  EXPECT_TRUE(store_->Commit({.upsert_jobs = {Job(2)}}).ok());
  EXPECT_EQ(MustLoad().jobs.size(), 2u);
}

TEST_F(StoreTest, InputsAreStoredApartFromRecords) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(1), Job(2)}, .upsert_inputs = {Input(1), Input(2)}}).ok());
  Reopen();
  StoredState state = MustLoad();
  ASSERT_EQ(state.jobs.size(), 2u);
  EXPECT_TRUE(state.jobs[0].spec().script().empty());
  Result<proto::JobSpec> input = store_->LoadJobInput(2);
  ASSERT_TRUE(input) << input.error().message();
  EXPECT_EQ(input->script(), Input(2).input.script());
  ASSERT_EQ(input->environment_size(), 2);
  EXPECT_EQ(input->environment(1), "JOB=2");
  EXPECT_EQ(store_->LoadJobInput(3).error().code(), Code::kNotFound);
  // Deleted with or apart from the job, in the same transaction.
  ASSERT_TRUE(store_->Commit({.delete_jobs = {2}, .delete_inputs = {2, 9}}).ok());
  EXPECT_EQ(store_->LoadJobInput(2).error().code(), Code::kNotFound);
  EXPECT_TRUE(store_->LoadJobInput(1));
}

// A database written before schema 4 has the script and environment inside
// each record: the first load moves them out, once.
TEST_F(StoreTest, LoadMovesInputsOutOfOldRecords) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {JobWithInput(1), JobWithInput(5, 5), JobWithInput(6, 5), Job(7)}}).ok());
  StoredState state = MustLoad();
  ASSERT_EQ(state.jobs.size(), 4u);
  for (const proto::JobRecord& job : state.jobs) {
    EXPECT_TRUE(job.spec().script().empty()) << job.job_id();
    EXPECT_EQ(job.spec().environment_size(), 0) << job.job_id();
    EXPECT_EQ(job.spec().name(), "job" + std::to_string(job.job_id()));
  }
  Result<proto::JobSpec> single = store_->LoadJobInput(1);
  ASSERT_TRUE(single) << single.error().message();
  EXPECT_EQ(single->SerializeAsString(), Input(1).input.SerializeAsString());
  // An array's tasks share the input under the array's id.
  ASSERT_TRUE(store_->LoadJobInput(5));
  EXPECT_EQ(store_->LoadJobInput(6).error().code(), Code::kNotFound);
  EXPECT_EQ(store_->LoadJobInput(7).error().code(), Code::kNotFound);
  // Moved for good: the stored records are stripped too, so a second load writes nothing.
  RawDb raw(db_path_);
  std::string version = raw.QueryText("PRAGMA data_version");
  Reopen();
  EXPECT_TRUE(MustLoad().jobs[0].spec().script().empty());
  EXPECT_EQ(raw.QueryText("PRAGMA data_version"), version);
}

TEST_F(StoreTest, CorruptInputIsAnErrorNamingTheJob) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(4)}, .upsert_inputs = {Input(4)}}).ok());
  {
    RawDb raw(db_path_);
    raw.Exec("UPDATE job_inputs SET input = x'ffffffff0a' WHERE id = 4");
  }
  Result<proto::JobSpec> input = store_->LoadJobInput(4);
  ASSERT_FALSE(input);
  EXPECT_EQ(input.error().code(), Code::kInternal);
  EXPECT_NE(input.error().message().find("job 4"), std::string::npos) << input.error().message();
}

TEST_F(StoreTest, ReopenKeepsEverything) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(7)},
                              .upsert_nodes = {{.name = "n1", .down = true, .reason = "dead"}},
                              .next_job_id = 8})
                  .ok());
  Reopen();
  StoredState state = MustLoad();
  ASSERT_EQ(state.jobs.size(), 1u);
  EXPECT_EQ(state.jobs[0].job_id(), 7u);
  ASSERT_EQ(state.nodes.size(), 1u);
  EXPECT_EQ(state.nodes[0].reason, "dead");
  EXPECT_EQ(state.next_job_id, 8u);
}

TEST_F(StoreTest, UsageAndLimitChangesRoundTrip) {
  EXPECT_EQ(MustLoad().usage.as_of, 0);  // never stored
  ASSERT_TRUE(store_->Commit({.usage = FairShareUsage{1700000000, {{"bob", 12.5}, {"alice", 3600}}},
                              .upsert_limit_changes = {{"user", "alice", "MaxJobs=2", "MaxJobs=5"},
                                                       {"group", "staff", "", "GrpTRES=cpu=8"}}})
                  .ok());
  Reopen();
  StoredState state = MustLoad();
  EXPECT_EQ(state.usage.as_of, 1700000000);
  using Users = std::vector<std::pair<std::string, double>>;
  EXPECT_EQ(state.usage.users, (Users{{"alice", 3600}, {"bob", 12.5}}));  // by user
  ASSERT_EQ(state.limit_changes.size(), 2u);
  EXPECT_EQ(state.limit_changes[0].kind, "group");  // by kind, then name
  EXPECT_EQ(state.limit_changes[0].file_settings, "");
  EXPECT_EQ(state.limit_changes[0].settings, "GrpTRES=cpu=8");
  EXPECT_EQ(state.limit_changes[1].name, "alice");
  EXPECT_EQ(state.limit_changes[1].file_settings, "MaxJobs=2");
  EXPECT_EQ(state.limit_changes[1].settings, "MaxJobs=5");
}

TEST_F(StoreTest, UsageIsReplacedWholeAndLimitChangesByName) {
  ASSERT_TRUE(store_->Commit({.usage = FairShareUsage{100, {{"alice", 1}, {"bob", 2}}},
                              .upsert_limit_changes = {{"user", "alice", "", "MaxJobs=5"}}})
                  .ok());
  ASSERT_TRUE(store_->Commit({.usage = FairShareUsage{200, {{"carol", 3}}},
                              .upsert_limit_changes = {{"user", "alice", "", "MaxJobs=6"}}})
                  .ok());
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(1)}}).ok());  // no usage: the stored one stays
  StoredState state = MustLoad();
  EXPECT_EQ(state.usage.as_of, 200);
  ASSERT_EQ(state.usage.users.size(), 1u);
  EXPECT_EQ(state.usage.users[0].first, "carol");
  ASSERT_EQ(state.limit_changes.size(), 1u);
  EXPECT_EQ(state.limit_changes[0].settings, "MaxJobs=6");
  EXPECT_EQ(store_->Commit({.upsert_limit_changes = {{"user", "", "", "MaxJobs=1"}}}).code(),
            Code::kInvalidArgument);
}

TEST_F(StoreTest, WalModeAndPrivateFiles) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(1)}}).ok());
  RawDb raw(db_path_);
  EXPECT_EQ(raw.QueryText("PRAGMA journal_mode"), "wal");
  for (const std::string& path : {db_path_, db_path_ + "-wal"}) {
    struct stat sb;
    ASSERT_EQ(stat(path.c_str(), &sb), 0) << path;
    EXPECT_EQ(sb.st_mode & 0777, 0600u) << path;
  }
}

TEST_F(StoreTest, SynchronousFullWorks) {
  store_.reset();
  auto opened = OpenSqliteStore(db_path_, /*synchronous_full=*/true);
  ASSERT_TRUE(opened) << opened.error().message();
  ASSERT_TRUE((*opened)->Commit({.upsert_jobs = {Job(1)}}).ok());
  EXPECT_EQ((*opened)->Load()->jobs.size(), 1u);
}

TEST_F(StoreTest, EmptyBatchAndLoadWriteNothing) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(1)}}).ok());
  RawDb raw(db_path_);
  std::string version = raw.QueryText("PRAGMA data_version");
  auto wal_stat = [&] {
    struct stat sb {};
    EXPECT_EQ(stat((db_path_ + "-wal").c_str(), &sb), 0);
    return std::make_pair(sb.st_size, sb.st_mtim.tv_nsec + sb.st_mtim.tv_sec * 1'000'000'000);
  };
  auto before = wal_stat();
  EXPECT_TRUE(StoreBatch().empty());
  ASSERT_TRUE(store_->Commit(StoreBatch()).ok());
  ASSERT_TRUE(store_->Load());
  EXPECT_EQ(raw.QueryText("PRAGMA data_version"), version);
  EXPECT_EQ(wal_stat(), before);
  // data_version does see a real commit.
  ASSERT_TRUE(store_->Commit({.next_job_id = 9}).ok());
  EXPECT_NE(raw.QueryText("PRAGMA data_version"), version);
}

TEST_F(StoreTest, CorruptRecordIsAnErrorNamingTheJob) {
  ASSERT_TRUE(store_->Commit({.upsert_jobs = {Job(1), Job(7)}}).ok());
  {
    RawDb raw(db_path_);
    raw.Exec("UPDATE jobs SET record = x'ffffffff0a' WHERE job_id = 7");
  }
  auto state = store_->Load();
  ASSERT_FALSE(state);
  EXPECT_EQ(state.error().code(), Code::kInternal);
  EXPECT_NE(state.error().message().find("job 7"), std::string::npos) << state.error().message();
}

TEST(OpenSqliteStoreTest, MissingDirectoryRefused) {
  TempDir dir;
  auto opened = OpenSqliteStore(dir.path() + "/no/such/dir/state.db");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), Code::kNotFound);
}

TEST(OpenSqliteStoreTest, NotADatabaseRefused) {
  TempDir dir;
  std::string path = dir.path() + "/state.db";
  std::ofstream(path) << std::string(8192, 'x');
  auto opened = OpenSqliteStore(path);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), Code::kIo);
}

TEST_F(StoreTest, AccountingRecordsSurviveReopenAndPrune) {
  proto::JobRecord first = Job(1, proto::COMPLETED);
  first.set_submit_time(100);
  first.set_end_time(200);
  proto::JobRecord requeued = Job(2, proto::REQUEUED);
  requeued.set_submit_time(150);
  requeued.set_end_time(300);
  proto::JobRecord second_run = requeued;
  second_run.set_state(proto::FAILED);
  second_run.set_restart_count(1);
  second_run.set_end_time(400);
  proto::JobRecord task = Job(3, proto::COMPLETED);
  task.set_array_job_id(2);
  task.set_submit_time(150);
  task.set_end_time(500);
  ASSERT_TRUE(store_->Commit({.upsert_accounting = {first, requeued, second_run, task}}).ok());
  Reopen();
  auto all = store_->QueryAccounting({}, 100);
  ASSERT_TRUE(all) << all.error().message();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[1].restart_count(), 0u);
  EXPECT_EQ((*all)[2].restart_count(), 1u);
  EXPECT_EQ((*all)[0].spec().name(), "job1");  // stored as given

  auto window = store_->QueryAccounting({.ended_after = 350, .submitted_before = 1000}, 100);
  ASSERT_TRUE(window);
  ASSERT_EQ(window->size(), 2u);
  EXPECT_EQ((*window)[0].job_id(), 2u);
  EXPECT_EQ((*window)[1].job_id(), 3u);

  auto by_array = store_->QueryAccounting({.job_ids = {2}}, 100);
  ASSERT_TRUE(by_array);
  EXPECT_EQ(by_array->size(), 3u);  // both runs of 2 and task 3 of array 2
  auto limited = store_->QueryAccounting({}, 2);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->size(), 2u);

  auto pruned = store_->PruneAccounting(350);
  ASSERT_TRUE(pruned);
  EXPECT_EQ(*pruned, 2);
  pruned = store_->PruneAccounting(350);
  ASSERT_TRUE(pruned);
  EXPECT_EQ(*pruned, 0);
  auto rest = store_->QueryAccounting({}, 100);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->size(), 2u);
  EXPECT_TRUE(MustLoad().jobs.empty());  // accounting is not the live job table
}

}  // namespace
}  // namespace bramble::store
