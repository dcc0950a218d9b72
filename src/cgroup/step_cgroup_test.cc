// A step's cgroup: its limits against a fake cgroup tree (a plain
// directory, since this machine cannot give a test both real v1 and v2
// controllers), then the real thing wherever this machine mounts it: a v1
// memory+freezer pair and the v2 (unified) mount. The real cases need root
// and the mount; where either is missing they are skipped, and say so.
#include "cgroup/step_cgroup.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <fstream>
#include <thread>

#include "cgroup/cgroup_files.h"
#include "cgroup/node_cgroups.h"

namespace bramble::cgroup {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "bramble-cgroup-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
    path_ = tmpl;
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Read(const std::string& path) {
  Result<std::string> value = ReadValue(path);
  return value ? *value : "<missing " + path + ">";
}

void Write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// A fake v1 mount: one directory per controller with the root's files.
std::string FakeV1(const TempDir& dir) {
  for (const char* controller : {"memory", "cpuset", "pids", "freezer"}) {
    fs::create_directories(dir.path() + "/" + controller + "/bramble/node01_x");
    Write(dir.path() + "/" + controller + "/cgroup.procs", "");
  }
  Write(dir.path() + "/cpuset/bramble/node01_x/cpuset.cpus", "0-3");
  Write(dir.path() + "/cpuset/bramble/node01_x/cpuset.mems", "0");
  return dir.path();
}

proto::CgroupPlacement V1Placement(const std::string& mount) {
  proto::CgroupPlacement placement;
  placement.set_backend("v1");
  for (const char* controller : {"memory", "cpuset", "pids", "freezer"}) {
    placement.add_hierarchies(mount + "/" + controller);
  }
  placement.set_root("bramble/node01_x");
  placement.set_memory_bytes(100 << 20);
  placement.set_cpus("2-3");
  return placement;
}

TEST(StepCgroupTest, V1LimitsGoOnTheJobAndTheStep) {
  TempDir dir;
  std::string mount = FakeV1(dir);
  auto cg = StepCgroup::Create(V1Placement(mount), 12, "batch");
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  std::string root = mount + "/memory/bramble/node01_x";
  EXPECT_EQ(Read(root + "/job_12/memory.limit_in_bytes"), std::to_string(100 << 20));
  EXPECT_EQ(Read(root + "/job_12/step_batch/memory.limit_in_bytes"), std::to_string(100 << 20));
  std::string cpuset = mount + "/cpuset/bramble/node01_x";
  EXPECT_EQ(Read(cpuset + "/job_12/cpuset.cpus"), "2-3");
  EXPECT_EQ(Read(cpuset + "/job_12/cpuset.mems"), "0");  // v1 needs mems before any task joins
  EXPECT_EQ(Read(cpuset + "/job_12/step_batch/cpuset.mems"), "0");
  EXPECT_FALSE(Exists(root + "/job_12/memory.memsw.limit_in_bytes"));  // only where the kernel has it
  ASSERT_EQ(cg->procs_files().size(), 4u);
  EXPECT_EQ(cg->procs_files()[0], root + "/job_12/step_batch/cgroup.procs");
  ASSERT_EQ(cg->join_files().size(), 4u);
  EXPECT_EQ(cg->join_files()[0], root + "/job_12/step_batch/tasks");
  EXPECT_FALSE(Exists(mount + "/pids/bramble/node01_x/job_12/memory.limit_in_bytes"));
}

TEST(StepCgroupTest, V2LimitsAndControllersForTheSteps) {
  TempDir dir;
  fs::create_directories(dir.path() + "/bramble/node01_x/job_7");
  Write(dir.path() + "/bramble/node01_x/job_7/cgroup.controllers", "cpuset memory pids");
  proto::CgroupPlacement placement;
  placement.set_backend("v2");
  placement.add_hierarchies(dir.path());
  placement.set_root("bramble/node01_x");
  placement.set_memory_bytes(1 << 30);
  placement.set_cpus("1");
  auto cg = StepCgroup::Create(placement, 7, "0");
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  std::string job = dir.path() + "/bramble/node01_x/job_7";
  EXPECT_EQ(Read(job + "/memory.max"), std::to_string(1 << 30));
  EXPECT_EQ(Read(job + "/step_0/memory.max"), std::to_string(1 << 30));
  EXPECT_EQ(Read(job + "/step_0/cpuset.cpus"), "1");
  // The last controller written wins in a plain file; the kernel keeps each.
  EXPECT_EQ(Read(job + "/cgroup.subtree_control"), "+pids");
  EXPECT_EQ(cg->procs_files(), (std::vector<std::string>{job + "/step_0/cgroup.procs"}));
  EXPECT_EQ(cg->join_files(), cg->procs_files());  // v2 has no per-thread file outside threaded groups
}

TEST(StepCgroupTest, V1CpuTimesComeFromCpuacct) {
  TempDir dir;
  proto::CgroupPlacement placement;
  placement.set_backend("v1");
  placement.add_hierarchies(dir.path() + "/cpuacct");
  placement.set_root("bramble/node01_x");
  fs::create_directories(dir.path() + "/cpuacct/bramble/node01_x");
  auto cg = StepCgroup::Create(placement, 3, "extern", StepCgroup::CpuCount::kByCgroup);
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  std::string step = dir.path() + "/cpuacct/bramble/node01_x/job_3/step_extern";
  // Only cpuacct.stat, in clock ticks (no cpuacct.usage either).
  Write(step + "/cpuacct.stat", "user 150\nsystem 20\n");
  int64_t hz = ::sysconf(_SC_CLK_TCK);
  EXPECT_EQ(cg->CpuUsed().user_us, 150 * 1000000 / hz);
  EXPECT_EQ(cg->CpuUsed().system_us, 20 * 1000000 / hz);
  // The exact total, split as the tick samples are.
  Write(step + "/cpuacct.usage", "4000000000\n");
  EXPECT_EQ(cg->CpuUsed().system_us + cg->CpuUsed().user_us, 4000000);
  EXPECT_NEAR(cg->CpuUsed().system_us, 4000000 * 20 / 170, 1);
  Write(step + "/cpuacct.usage_user", "2500000000\n");
  Write(step + "/cpuacct.usage_sys", "1500000000\n");
  EXPECT_EQ(cg->CpuUsed().user_us, 2500000);
  EXPECT_EQ(cg->CpuUsed().system_us, 1500000);
  Write(step + "/cpuacct.usage", "8000000000\n");
  EXPECT_EQ(cg->CpuUsed().user_us, 5000000);
  EXPECT_EQ(cg->CpuUsed().system_us, 3000000);
}

// A v1 placement under `dir`, one hierarchy per controller, each with the
// node's root made.
proto::CgroupPlacement V1PlacementIn(const TempDir& dir, const std::vector<std::string>& controllers) {
  proto::CgroupPlacement placement;
  placement.set_backend("v1");
  placement.set_root("bramble/node01_x");
  for (const std::string& controller : controllers) {
    placement.add_hierarchies(dir.path() + "/" + controller);
    fs::create_directories(dir.path() + "/" + controller + "/bramble/node01_x");
  }
  return placement;
}

TEST(StepCgroupTest, V1StepsCountedByReapingHaveNoCpuacctGroup) {
  TempDir dir;
  proto::CgroupPlacement placement = V1PlacementIn(dir, {"freezer", "cpuacct"});
  auto batch = StepCgroup::Create(placement, 4, "batch");
  ASSERT_TRUE(batch.has_value()) << batch.error().message();
  std::string freezer_job = dir.path() + "/freezer/bramble/node01_x/job_4";
  EXPECT_EQ(batch->join_files(), (std::vector<std::string>{freezer_job + "/step_batch/tasks"}));
  EXPECT_TRUE(Exists(freezer_job + "/step_batch"));
  EXPECT_FALSE(Exists(dir.path() + "/cpuacct/bramble/node01_x/job_4"));
  EXPECT_EQ(batch->CpuUsed().user_us + batch->CpuUsed().system_us, 0);
  // The extern step's processes are nobody's children: the kernel counts them.
  auto extern_step = StepCgroup::Create(placement, 4, "extern", StepCgroup::CpuCount::kByCgroup);
  ASSERT_TRUE(extern_step.has_value()) << extern_step.error().message();
  std::string cpuacct_step = dir.path() + "/cpuacct/bramble/node01_x/job_4/step_extern";
  EXPECT_TRUE(Exists(cpuacct_step));
  EXPECT_EQ(extern_step->join_files(),
            (std::vector<std::string>{freezer_job + "/step_extern/tasks", cpuacct_step + "/tasks"}));
  Write(cpuacct_step + "/cpuacct.usage", "2000000000\n");
  Write(cpuacct_step + "/cpuacct.usage_user", "2000000000\n");
  Write(cpuacct_step + "/cpuacct.usage_sys", "0\n");
  EXPECT_EQ(extern_step->CpuUsed().user_us, 2000000);
}

TEST(StepCgroupTest, JobGroupsComeBeforeTheirStepsAndGoAfter) {
  TempDir dir;
  proto::CgroupPlacement placement = V1PlacementIn(dir, {"memory", "cpuacct"});
  placement.set_memory_bytes(1 << 20);
  std::string job = dir.path() + "/memory/bramble/node01_x/job_6";
  ASSERT_TRUE(StepCgroup::CreateJobGroups(placement, 6).ok());
  EXPECT_EQ(Read(job + "/memory.limit_in_bytes"), std::to_string(1 << 20));
  EXPECT_FALSE(Exists(dir.path() + "/cpuacct/bramble/node01_x/job_6"));  // only the extern step counts there
  auto step = StepCgroup::Create(placement, 6, "0");
  ASSERT_TRUE(step.has_value()) << step.error().message();
  EXPECT_EQ(Read(job + "/step_0/memory.limit_in_bytes"), std::to_string(1 << 20));
  // A real hierarchy refuses to remove a group with one inside; here that
  // is a plain directory holding the step's files, which rmdir refuses too.
  Write(job + "/step_0/tasks", "");
  StepCgroup::RemoveJobGroups(placement, 6);
  EXPECT_TRUE(Exists(job + "/step_0"));
  fs::remove_all(job + "/step_0");
  for (const auto& entry : fs::directory_iterator(job)) fs::remove(entry.path());  // the limit files
  StepCgroup::RemoveJobGroups(placement, 6);
  EXPECT_FALSE(Exists(job));
  // No backend: nothing to make.
  EXPECT_TRUE(StepCgroup::CreateJobGroups(proto::CgroupPlacement(), 6).ok());
}

TEST(StepCgroupTest, V2CpuTimesComeFromCpuStat) {
  TempDir dir;
  fs::create_directories(dir.path() + "/bramble/node01_x");
  proto::CgroupPlacement placement;
  placement.set_backend("v2");
  placement.add_hierarchies(dir.path());
  placement.set_root("bramble/node01_x");
  auto cg = StepCgroup::Create(placement, 4, "extern");
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  Write(dir.path() + "/bramble/node01_x/job_4/step_extern/cpu.stat",
        "usage_usec 2600\nuser_usec 1000\nsystem_usec 300\nnr_periods 0\n");
  EXPECT_EQ(cg->CpuUsed().user_us, 2000);
  EXPECT_EQ(cg->CpuUsed().system_us, 600);
}

TEST(StepCgroupTest, NoBackendIsANoOp) {
  auto cg = StepCgroup::Create(proto::CgroupPlacement(), 1, "batch");
  ASSERT_TRUE(cg.has_value());
  EXPECT_FALSE(cg->enabled());
  EXPECT_TRUE(cg->procs_files().empty());
  EXPECT_TRUE(cg->Pids().empty());
  EXPECT_FALSE(cg->OomKilled());
  EXPECT_EQ(cg->CpuUsed().user_us + cg->CpuUsed().system_us, 0);
  cg->KillAll();
  cg->Remove();
}

TEST(StepCgroupTest, AnUnknownBackendIsRefused) {
  proto::CgroupPlacement placement;
  placement.set_backend("v3");
  EXPECT_FALSE(StepCgroup::Create(placement, 1, "batch").has_value());
}

TEST(NodeCgroupsTest, RootNamesDifferPerSpool) {
  EXPECT_EQ(RootName("node01", "/a").substr(0, 15), "bramble/node01_");
  EXPECT_NE(RootName("node01", "/a"), RootName("node01", "/b"));
  EXPECT_EQ(RootName("node01", "/a"), RootName("node01", "/a"));
}

TEST(NodeCgroupsTest, DisabledMeansNone) {
  CgroupConfig config;
  config.plugin = "disabled";
  NodeCgroups cg = SetUpNodeCgroups(config, "node01", "/spool");
  EXPECT_FALSE(cg.enabled());
  EXPECT_EQ(cg.Placement(100, "0").memory_bytes(), 0);
  EXPECT_EQ(cg.Placement(100, "0").backend(), "");
  EXPECT_FALSE(cg.warnings.empty());
}

TEST(NodeCgroupsTest, AFakeV1MountIsSetUp) {
  if (::geteuid() != 0) GTEST_SKIP() << "the node's cgroups are only set up by root";
  TempDir dir;
  for (const char* controller : {"memory", "cpuset", "freezer"}) {
    fs::create_directories(dir.path() + "/" + controller);
    Write(dir.path() + "/" + controller + "/cgroup.procs", "");
  }
  Write(dir.path() + "/cpuset/cpuset.cpus", "0-1");
  Write(dir.path() + "/cpuset/cpuset.mems", "0");
  CgroupConfig config;
  config.mountpoint = dir.path();
  NodeCgroups cg = SetUpNodeCgroups(config, "node01", "/spool");
  ASSERT_EQ(cg.backend, "v1");
  EXPECT_EQ(cg.controllers, (std::vector<std::string>{"memory", "cpuset", "freezer"}));
  EXPECT_TRUE(cg.limit_memory && cg.limit_cores);
  EXPECT_EQ(cg.usable_cpus, (std::vector<int>{0, 1}));
  EXPECT_EQ(Read(dir.path() + "/cpuset/" + cg.root + "/cpuset.cpus"), "0-1");
  proto::CgroupPlacement placement = cg.Placement(100, "1");
  EXPECT_EQ(placement.memory_bytes(), 100 << 20);
  EXPECT_EQ(placement.cpus(), "1");
  EXPECT_EQ(placement.hierarchies_size(), 3);
  config.constrain_ram_space = false;
  config.constrain_cores = false;
  NodeCgroups loose = SetUpNodeCgroups(config, "node01", "/spool");
  EXPECT_EQ(loose.Placement(100, "1").memory_bytes(), 0);
  EXPECT_EQ(loose.Placement(100, "1").cpus(), "");
}

TEST(NodeCgroupsTest, AV2MountWithoutMemorySaysSo) {
  if (::geteuid() != 0) GTEST_SKIP() << "the node's cgroups are only set up by root";
  TempDir dir;
  Write(dir.path() + "/cgroup.controllers", "pids");
  CgroupConfig config;
  config.mountpoint = dir.path();
  NodeCgroups cg = SetUpNodeCgroups(config, "node01", "/spool");
  ASSERT_EQ(cg.backend, "v2");
  EXPECT_FALSE(cg.limit_memory);
  bool said = false;
  for (const auto& warning : cg.warnings) said = said || warning.find("cmdline.txt") != std::string::npos;
  EXPECT_TRUE(said);
}

// --- The real cgroup file system -------------------------------------------

// Forks a child that joins the step and leaves an escaped grandchild behind
// (setsid + double fork), both sleeping. Returns the child's pid.
pid_t StartEscapingTree(const StepCgroup& cg) {
  pid_t child = ::fork();
  if (child == 0) {
    for (const std::string& join : cg.join_files()) {
      if (WriteValue(join, "0").ok() == false) ::_exit(3);
    }
    if (::fork() == 0) {
      ::setsid();
      if (::fork() == 0) {
        ::execlp("sleep", "sleep", "300", nullptr);
        ::_exit(4);
      }
      ::_exit(0);
    }
    ::execlp("sleep", "sleep", "301", nullptr);
    ::_exit(4);
  }
  return child;
}

bool WaitUntil(const std::function<bool()>& done) {
  for (int i = 0; i < 500; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

void ExpectKillAllEndsEverything(const proto::CgroupPlacement& placement) {
  auto cg = StepCgroup::Create(placement, 999999, "batch");
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  pid_t child = StartEscapingTree(*cg);
  ASSERT_GT(child, 0);
  ASSERT_TRUE(WaitUntil([&] { return cg->Pids().size() >= 2; })) << "the escaped grandchild is in the group";
  cg->KillAll();
  EXPECT_TRUE(cg->Pids().empty());
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
  cg->Remove();
  EXPECT_FALSE(Exists(placement.hierarchies(0) + "/" + placement.root() + "/job_999999"));
}

std::string TestRoot() { return "bramble-unit-test/pid" + std::to_string(::getpid()); }

void RemoveTestRoot(const std::vector<std::string>& hierarchies) {
  for (const std::string& hierarchy : hierarchies) {
    ::rmdir((hierarchy + "/" + TestRoot()).c_str());
    ::rmdir((hierarchy + "/bramble-unit-test").c_str());
  }
}

TEST(RealCgroupTest, V1KillsAnEscapedTreeAndSeesAnOomKill) {
  std::string mount = "/sys/fs/cgroup";
  if (::geteuid() != 0 || !Exists(mount + "/memory/cgroup.procs") || !Exists(mount + "/freezer/cgroup.procs")) {
    GTEST_SKIP() << "needs root and cgroup v1 memory and freezer under /sys/fs/cgroup";
  }
  std::vector<std::string> hierarchies = {mount + "/memory", mount + "/freezer"};
  for (const auto& hierarchy : hierarchies) ASSERT_TRUE(MakeGroups(hierarchy, TestRoot()).ok());
  proto::CgroupPlacement placement;
  placement.set_backend("v1");
  for (const auto& hierarchy : hierarchies) placement.add_hierarchies(hierarchy);
  placement.set_root(TestRoot());
  placement.set_memory_bytes(64 << 20);
  ExpectKillAllEndsEverything(placement);

  auto cg = StepCgroup::Create(placement, 999998, "0");
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  pid_t child = ::fork();
  if (child == 0) {
    for (const std::string& join : cg->join_files()) (void)WriteValue(join, "0");
    std::vector<char> memory(512 << 20, 1);  // far over the limit
    ::_exit(memory[12345] == 1 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  EXPECT_TRUE(cg->OomKilled());
  EXPECT_GT(cg->PeakMemoryBytes(), 32 << 20);
  cg->Remove();
  RemoveTestRoot(hierarchies);
}

// The v2 mount: the whole of /sys/fs/cgroup, or a hybrid's unified part.
std::string V2Mount() {
  return Exists("/sys/fs/cgroup/cgroup.controllers") ? "/sys/fs/cgroup" : "/sys/fs/cgroup/unified";
}

proto::CgroupPlacement V2TestPlacement(const std::string& mount) {
  proto::CgroupPlacement placement;
  placement.set_backend("v2");
  placement.add_hierarchies(mount);
  placement.set_root(TestRoot());
  return placement;
}

// The real v2 mount, with this process's test root made before each test
// and removed after it; skipped without root or a v2 mount.
class RealV2CgroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0 || !Exists(mount_ + "/cgroup.controllers")) {
      GTEST_SKIP() << "needs root and a cgroup v2 mount";
    }
    ASSERT_TRUE(MakeGroups(mount_, TestRoot()).ok());
    made_root_ = true;
  }
  void TearDown() override {
    if (made_root_) RemoveTestRoot({mount_});
  }

  const std::string mount_ = V2Mount();
  bool made_root_ = false;
};

// v2's freezer (cgroup.freeze) and events (cgroup.events), which the kill
// falls back on where the kernel has no cgroup.kill.
TEST_F(RealV2CgroupTest, FreezesAndThawsAndSaysSoInItsEvents) {
  auto cg = StepCgroup::Create(V2TestPlacement(mount_), 999997, "extern");
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  std::string events = mount_ + "/" + TestRoot() + "/job_999997/step_extern/cgroup.events";
  EXPECT_EQ(ReadKeyed(events, "populated"), 0);
  pid_t child = StartEscapingTree(*cg);
  ASSERT_TRUE(WaitUntil([&] { return cg->Pids().size() >= 2; }));
  EXPECT_EQ(ReadKeyed(events, "populated"), 1);
  ASSERT_TRUE(cg->Freeze(true));
  EXPECT_TRUE(WaitUntil([&] { return ReadKeyed(events, "frozen") == 1; }));
  ASSERT_TRUE(cg->Freeze(false));
  EXPECT_TRUE(WaitUntil([&] { return ReadKeyed(events, "frozen") == 0; }));
  cg->KillAll();
  EXPECT_TRUE(WaitUntil([&] { return ReadKeyed(events, "populated") == 0; }));
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
  cg->Remove();
}

// Writing cpuset.cpus of a v1 group that load-balances rebuilds the
// scheduler's domains for the whole machine: the job's and step's groups
// must not.
TEST(RealCgroupTest, V1CpusetGroupsDoNotRebuildSchedulerDomains) {
  std::string hierarchy = "/sys/fs/cgroup/cpuset";
  if (::geteuid() != 0 || !Exists(hierarchy + "/cpuset.sched_load_balance")) {
    GTEST_SKIP() << "needs root and cgroup v1 cpuset under /sys/fs/cgroup";
  }
  ASSERT_TRUE(MakeGroups(hierarchy, TestRoot()).ok());
  std::string root = hierarchy + "/" + TestRoot();
  for (const std::string& group : {hierarchy + "/bramble-unit-test", root}) {
    StopLoadBalanceRebuilds(group);
    for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
      ASSERT_TRUE(WriteValue(group + "/" + file, Read(hierarchy + "/" + file)).ok());
    }
  }
  proto::CgroupPlacement placement;
  placement.set_backend("v1");
  placement.add_hierarchies(hierarchy);
  placement.set_root(TestRoot());
  placement.set_cpus("0");
  auto cg = StepCgroup::Create(placement, 999994, "batch");
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  EXPECT_EQ(Read(root + "/job_999994/cpuset.cpus"), "0");
  EXPECT_EQ(Read(root + "/job_999994/cpuset.sched_load_balance"), "0");
  EXPECT_EQ(Read(root + "/job_999994/step_batch/cpuset.sched_load_balance"), "0");
  EXPECT_EQ(Read(hierarchy + "/cpuset.sched_load_balance"), "1") << "the machine still balances over every CPU";
  cg->Remove();
  RemoveTestRoot({hierarchy});
}

// A child that burns about `cpu_ms` of CPU time inside the step, then exits.
void BurnCpuInStep(const StepCgroup& cg, int cpu_ms) {
  pid_t child = ::fork();
  if (child == 0) {
    for (const std::string& join : cg.join_files()) (void)WriteValue(join, "0");
    struct timespec start {}, now {};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
    do {
      ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    } while ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 < cpu_ms);
    ::_exit(0);
  }
  ASSERT_GT(child, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

// What the extern step's accounting rests on: the time of processes that
// have already ended stays counted in the group.
TEST(RealCgroupTest, V1CpuacctCountsEndedProcesses) {
  std::string mount = "/sys/fs/cgroup";
  if (::geteuid() != 0 || !Exists(mount + "/cpuacct/cgroup.procs")) {
    GTEST_SKIP() << "needs root and cgroup v1 cpuacct under /sys/fs/cgroup";
  }
  std::vector<std::string> hierarchies = {mount + "/cpuacct"};
  ASSERT_TRUE(MakeGroups(hierarchies[0], TestRoot()).ok());
  proto::CgroupPlacement placement;
  placement.set_backend("v1");
  placement.add_hierarchies(hierarchies[0]);
  placement.set_root(TestRoot());
  auto cg = StepCgroup::Create(placement, 999996, "extern", StepCgroup::CpuCount::kByCgroup);
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  BurnCpuInStep(*cg, 300);
  StepCgroup::CpuTimes used = cg->CpuUsed();
  EXPECT_GE(used.user_us + used.system_us, 250000);
  cg->Remove();
  RemoveTestRoot(hierarchies);
}

TEST_F(RealV2CgroupTest, CpuStatCountsEndedProcesses) {
  auto cg = StepCgroup::Create(V2TestPlacement(mount_), 999995, "extern");
  ASSERT_TRUE(cg.has_value()) << cg.error().message();
  BurnCpuInStep(*cg, 300);
  StepCgroup::CpuTimes used = cg->CpuUsed();
  EXPECT_GE(used.user_us + used.system_us, 250000);
  cg->Remove();
}

TEST_F(RealV2CgroupTest, KillsAnEscapedTree) { ExpectKillAllEndsEverything(V2TestPlacement(mount_)); }

}  // namespace
}  // namespace bramble::cgroup
