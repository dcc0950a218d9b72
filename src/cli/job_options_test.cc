#include "cli/job_options.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <set>

namespace bramble::cli {
namespace {

using Args = std::vector<std::string>;

// The clock of these tests: Saturday 2026-11-21T15:03:01 UTC, which is
// 16:03:01 in kZone, one hour east of UTC.
constexpr int64_t kNow = 1795273381;
const FixedOffsetZone kZone(3600);

// Unix seconds of a kZone local time, computed apart from the code under
// test (glibc's timegm).
int64_t Local(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<int64_t>(timegm(&tm)) - 3600;
}

int64_t Begin(const std::string& text) {
  auto result = ParseBeginTime(text, kNow, kZone);
  EXPECT_TRUE(result.has_value()) << text << ": " << (result ? "" : result.error().message());
  return result ? *result : -1;
}

std::string BeginError(const std::string& text) {
  auto result = ParseBeginTime(text, kNow, kZone);
  EXPECT_FALSE(result.has_value()) << text << " gave " << (result ? *result : 0);
  return result ? "" : result.error().message();
}

// ---- the table

// The shared table gives each command one row per long name and one
// meaning per short letter.
TEST(JobOptionTable, OneRowPerNameAndLetterPerCommand) {
  for (unsigned command : {kForSbatch, kForSrun, kForSalloc}) {
    std::set<std::string> names;
    std::map<int, int> letters;  // short letter -> has_arg
    for (const OptionSpec& spec : kJobOptions) {
      if ((spec.commands & command) == 0) continue;
      EXPECT_TRUE(names.insert(spec.name).second) << spec.name << " for command " << command;
      if (spec.id < 0x100) {
        auto [it, inserted] = letters.emplace(spec.id, spec.has_arg);
        EXPECT_EQ(it->second, spec.has_arg) << static_cast<char>(spec.id) << " for command " << command;
      }
    }
  }
}

// Slurm's spellings, short forms and argument kinds for this issue's options.
TEST(JobOptionTable, SchedulerOptionsAsSlurmSpellsThem) {
  struct Expected {
    const char* name;
    int has_arg;
    int id;
    unsigned commands;
  };
  const unsigned all = kForSbatch | kForSrun | kForSalloc;
  const Expected expected[] = {
      {"dependency", required_argument, 'd', all},
      {"array", required_argument, 'a', kForSbatch},
      {"gres", required_argument, kOptGres, all},
      {"gpus", required_argument, 'G', all},
      {"constraint", required_argument, 'C', all},
      {"exclusive", optional_argument, kOptExclusive, all},
      {"nice", optional_argument, kOptNice, all},
      {"begin", required_argument, 'b', all},
      {"signal", required_argument, kOptSignal, all},
      {"kill-on-invalid-dep", required_argument, kOptKillOnInvalidDep, kForSbatch},
      {"requeue", no_argument, kOptRequeue, kForSbatch},
      {"no-requeue", no_argument, kOptNoRequeue, kForSbatch},
      {"partition", required_argument, 'p', all},
  };
  for (const Expected& e : expected) {
    int rows = 0;
    for (const OptionSpec& spec : kJobOptions) {
      if (std::string(spec.name) != e.name) continue;
      ++rows;
      EXPECT_EQ(spec.has_arg, e.has_arg) << e.name;
      EXPECT_EQ(spec.id, e.id) << e.name;
      EXPECT_EQ(spec.commands, e.commands) << e.name;
    }
    EXPECT_EQ(rows, 1) << e.name;
  }
}

// ---- ApplyJobOption

class ApplyTest : public ::testing::Test {
 protected:
  // Applies one option as `program` and expects it handled.
  void Apply(int id, std::optional<std::string> value, std::string_view program = "sbatch") {
    auto handled = ApplyJobOption(id, value, JobOptionContext{program, JobClock{kNow, &kZone}}, &spec_);
    ASSERT_TRUE(handled.has_value()) << handled.error().message();
    EXPECT_TRUE(*handled);
  }
  // Applies one option and expects it refused; the spec must not change.
  std::string Refuse(int id, std::optional<std::string> value, std::string_view program = "sbatch") {
    proto::JobSpec before = spec_;
    auto handled = ApplyJobOption(id, value, JobOptionContext{program, JobClock{kNow, &kZone}}, &spec_);
    EXPECT_FALSE(handled.has_value());
    EXPECT_EQ(spec_.SerializeAsString(), before.SerializeAsString()) << "a failed option changed the spec";
    return handled ? "" : handled.error().message();
  }

  proto::JobSpec spec_;
};

TEST_F(ApplyTest, OtherIdsAreNotHandled) {
  for (int id : {kOptChdir, kOptOutput, kOptLabel, kOptIgnored, kOptQuiet, kOptExport, kOptOpenMode}) {
    auto handled = ApplyJobOption(id, std::string("x"), JobOptionContext{"sbatch", {}}, &spec_);
    ASSERT_TRUE(handled.has_value());
    EXPECT_FALSE(*handled) << id;
  }
  EXPECT_EQ(spec_.ByteSizeLong(), 0u);
}

TEST_F(ApplyTest, CountsNodesTimeMemory) {
  Apply(kOptNodes, "2-5");
  EXPECT_EQ(spec_.nodes_min(), 2u);
  EXPECT_EQ(spec_.nodes_max(), 5u);
  Apply(kOptNtasks, "8");
  Apply(kOptCpusPerTask, "2");
  Apply(kOptNtasksPerNode, "4");
  EXPECT_EQ(spec_.ntasks(), 8u);
  EXPECT_EQ(spec_.cpus_per_task(), 2u);
  EXPECT_EQ(spec_.ntasks_per_node(), 4u);
  Apply(kOptTime, "1:00:00");
  EXPECT_EQ(spec_.time_limit_s(), 3600);
  Apply(kOptMem, "2G");
  EXPECT_EQ(spec_.mem_per_node_mb(), 2048);
  Apply(kOptMemPerCpu, "100");
  EXPECT_EQ(spec_.mem_per_cpu_mb(), 100);
  EXPECT_FALSE(spec_.has_mem_per_node_mb());
  EXPECT_EQ(Refuse(kOptNodes, "0"), "sbatch: error: \"0\" is not a valid node count");
  EXPECT_EQ(Refuse(kOptNtasks, "x", "srun"), "srun: error: Invalid numeric value \"x\" for --ntasks.");
  EXPECT_EQ(Refuse(kOptTime, "soon", "salloc"), "salloc: error: Invalid --time specification");
  EXPECT_EQ(Refuse(kOptMem, "lots"), "sbatch: error: Invalid --mem specification");
  EXPECT_EQ(Refuse(kOptMemPerCpu, "-1"), "sbatch: error: Invalid --mem-per-cpu specification");
}

TEST_F(ApplyTest, TextsAsGiven) {
  Apply(kOptAccount, "acct");
  Apply(kOptComment, "a b");
  Apply(kOptConstraint, "intel&(ib|eth)");
  Apply(kOptDependency, "afterok:12:13,singleton");
  Apply(kOptExclude, "pi3");
  Apply(kOptJobName, "train");
  Apply(kOptNodelist, "pi[1-2]");
  Apply(kOptPartition, "gpu,cpu");
  Apply(kOptHold, std::nullopt);
  EXPECT_EQ(spec_.account(), "acct");
  EXPECT_EQ(spec_.comment(), "a b");
  EXPECT_EQ(spec_.constraint(), "intel&(ib|eth)");
  EXPECT_EQ(spec_.dependency(), "afterok:12:13,singleton");
  EXPECT_EQ(spec_.exclude(), "pi3");
  EXPECT_EQ(spec_.name(), "train");
  EXPECT_EQ(spec_.nodelist(), "pi[1-2]");
  EXPECT_EQ(spec_.partition(), "gpu,cpu");
  EXPECT_TRUE(spec_.hold());
}

TEST_F(ApplyTest, RequeueFlags) {
  Apply(kOptNoRequeue, std::nullopt);
  EXPECT_FALSE(spec_.requeue());
  EXPECT_TRUE(spec_.no_requeue());
  Apply(kOptRequeue, std::nullopt);
  EXPECT_TRUE(spec_.requeue());
  EXPECT_FALSE(spec_.no_requeue());
}

TEST_F(ApplyTest, Array) {
  for (const char* good : {"0-15:4%2", "1,3,5", "[1-5]%2", "0-99%4", "7", "0-4000000"}) {
    Apply(kOptArray, good);
    EXPECT_EQ(spec_.array(), good);
  }
  for (const char* bad : {"", "5-1", "a", "1-", "0-4000001", "1-3%", "-1"}) {
    EXPECT_EQ(Refuse(kOptArray, bad), "sbatch: error: Batch job submission failed: Invalid job array specification")
        << bad;
  }
}

TEST_F(ApplyTest, GresAndGpus) {
  Apply(kOptGres, "gpu:a100:2");
  EXPECT_EQ(spec_.gres(), "gpu:a100:2");
  Apply(kOptGres, "gpu,mps:100");
  EXPECT_EQ(spec_.gres(), "gpu,mps:100");
  Apply(kOptGres, "NONE");
  EXPECT_EQ(spec_.gres(), "");
  Apply(kOptGpus, "3");
  EXPECT_EQ(spec_.gpus(), 3u);
  Apply(kOptGpus, "v100:2");
  EXPECT_EQ(spec_.gpus(), 2u);
  const char* tail = "Invalid generic resource (gres) specification";
  EXPECT_EQ(Refuse(kOptGres, "gpu::2"), std::string("sbatch: error: Batch job submission failed: ") + tail);
  EXPECT_EQ(Refuse(kOptGres, "gpu:a:b:c", "salloc"), std::string("salloc: error: Job submit/allocate failed: ") + tail);
  EXPECT_EQ(Refuse(kOptGpus, "two", "srun"), std::string("srun: error: Unable to allocate resources: ") + tail);
}

TEST_F(ApplyTest, ExclusiveNiceSignalKillOnInvalidDep) {
  Apply(kOptExclusive, std::nullopt);
  EXPECT_TRUE(spec_.exclusive());
  Apply(kOptExclusive, "oversubscribe");
  EXPECT_FALSE(spec_.exclusive());
  Apply(kOptNice, std::nullopt);
  EXPECT_EQ(spec_.nice(), 100);
  Apply(kOptNice, "-2147483645");
  EXPECT_EQ(spec_.nice(), -2147483645);
  Apply(kOptNice, "junk");  // strtoll reads 0, as Slurm's client does
  EXPECT_EQ(spec_.nice(), 0);
  Apply(kOptSignal, "B:USR1@60");
  EXPECT_EQ(spec_.signal(), "B:" + std::to_string(SIGUSR1) + "@60");  // numbers for the controller
  Apply(kOptSignal, "R:SIGTERM");
  EXPECT_EQ(spec_.signal(), std::to_string(SIGTERM) + "@60");       // Slurm's default lead time
  Apply(kOptKillOnInvalidDep, "Yes");
  EXPECT_TRUE(spec_.kill_on_invalid_dep());
  EXPECT_EQ(Refuse(kOptExclusive, "nodes"), "sbatch: error: Invalid --exclusive specification");
  EXPECT_EQ(Refuse(kOptNice, "-2147483646", "srun"),
            "srun: error: Invalid --nice value, out of range (+/- 2147483645)");
  EXPECT_EQ(Refuse(kOptSignal, "USR1@-1"), "sbatch: error: Invalid --signal specification");
  EXPECT_EQ(Refuse(kOptKillOnInvalidDep, "1"), "sbatch: error: Invalid --kill-on-invalid-dep specification");
}

TEST_F(ApplyTest, Begin) {
  Apply(kOptBegin, "now+1hour");
  EXPECT_EQ(spec_.begin_time(), kNow + 3600);
  Apply(kOptBegin, "2027-01-05T08:00");
  EXPECT_EQ(spec_.begin_time(), Local(2027, 1, 5, 8));
  EXPECT_EQ(Refuse(kOptBegin, "someday", "salloc"),
            "Invalid time specification (pos=0): someday\nsalloc: error: Invalid --begin specification");
  EXPECT_EQ(Refuse(kOptBegin, ""), "sbatch: error: Invalid --begin specification");
}

// ---- --begin grammar

TEST(ParseBeginTimeTest, Now) {
  EXPECT_EQ(Begin("now"), kNow);
  EXPECT_EQ(Begin("NOW"), kNow);
  EXPECT_EQ(Begin("now+60"), kNow + 60);  // seconds by default
  EXPECT_EQ(Begin("now+90seconds"), kNow + 90);
  EXPECT_EQ(Begin("now+1second"), kNow + 1);
  EXPECT_EQ(Begin("now+5minutes"), kNow + 300);
  EXPECT_EQ(Begin("now+1minute"), kNow + 60);
  EXPECT_EQ(Begin("now+2hours"), kNow + 7200);
  EXPECT_EQ(Begin("now+1HOUR"), kNow + 3600);
  EXPECT_EQ(Begin("now+3days"), kNow + 3 * 86400);
  EXPECT_EQ(Begin("now+1day"), kNow + 86400);
  EXPECT_EQ(Begin("now+2weeks"), kNow + 14 * 86400);
  EXPECT_EQ(Begin("now+1week"), kNow + 7 * 86400);
  EXPECT_EQ(Begin("now-30"), kNow - 30);
  EXPECT_EQ(Begin("now + 1 hour"), kNow + 3600);
}

TEST(ParseBeginTimeTest, TimeOfDay) {
  // Now is 16:03:01 local: a later time is today, an earlier one tomorrow.
  EXPECT_EQ(Begin("16:30"), Local(2026, 11, 21, 16, 30));
  EXPECT_EQ(Begin("16:04"), Local(2026, 11, 21, 16, 4));
  EXPECT_EQ(Begin("16:03"), Local(2026, 11, 22, 16, 3));  // the current minute has begun
  EXPECT_EQ(Begin("9:15"), Local(2026, 11, 22, 9, 15));
  EXPECT_EQ(Begin("23:59:59"), Local(2026, 11, 21, 23, 59, 59));
  EXPECT_EQ(Begin("4:30pm"), Local(2026, 11, 21, 16, 30));
  EXPECT_EQ(Begin("4:30 PM"), Local(2026, 11, 21, 16, 30));
  EXPECT_EQ(Begin("12:00am"), Local(2026, 11, 22, 0, 0));
  EXPECT_EQ(Begin("12:30pm"), Local(2026, 11, 22, 12, 30));
  EXPECT_EQ(Begin("11:00AM"), Local(2026, 11, 22, 11, 0));
}

TEST(ParseBeginTimeTest, Dates) {
  EXPECT_EQ(Begin("2027-01-05"), Local(2027, 1, 5));
  EXPECT_EQ(Begin("2027-01-05T08:09"), Local(2027, 1, 5, 8, 9));
  EXPECT_EQ(Begin("2027-01-05T08:09:10"), Local(2027, 1, 5, 8, 9, 10));
  EXPECT_EQ(Begin("2026-12-24 18:00"), Local(2026, 12, 24, 18));
  EXPECT_EQ(Begin("2020-01-01"), Local(2020, 1, 1));  // in the past: at once
  EXPECT_EQ(Begin("2026-02-30"), Local(2026, 3, 2));  // rolls over as mktime does
  // Without a year: this year if still ahead, else next year.
  EXPECT_EQ(Begin("12/24"), Local(2026, 12, 24));
  EXPECT_EQ(Begin("01/05"), Local(2027, 1, 5));
  EXPECT_EQ(Begin("11/21"), Local(2027, 11, 21));  // today's midnight has passed
  EXPECT_EQ(Begin("11/21-17:00"), Local(2026, 11, 21, 17));
  EXPECT_EQ(Begin("12/24/27"), Local(2027, 12, 24));
  EXPECT_EQ(Begin("122427"), Local(2027, 12, 24));  // MMDDYY
  EXPECT_EQ(Begin("1224"), Local(2026, 12, 24));    // MMDD
  EXPECT_EQ(Begin("12.24.27"), Local(2027, 12, 24));
  EXPECT_EQ(Begin("1/5"), Local(2027, 1, 5));
}

TEST(ParseBeginTimeTest, Keywords) {
  EXPECT_EQ(Begin("today"), Local(2026, 11, 21));
  EXPECT_EQ(Begin("tomorrow"), Local(2026, 11, 22));
  EXPECT_EQ(Begin("midnight"), Local(2026, 11, 22));
  EXPECT_EQ(Begin("noon"), Local(2026, 11, 22, 12));
  EXPECT_EQ(Begin("elevenses"), Local(2026, 11, 22, 11));
  EXPECT_EQ(Begin("fika"), Local(2026, 11, 22, 15));
  EXPECT_EQ(Begin("teatime"), Local(2026, 11, 22, 16));  // 16:00 has passed today
  EXPECT_EQ(Begin("Noon"), Local(2026, 11, 22, 12));
  EXPECT_EQ(Begin("tomorrow noon"), Local(2026, 11, 22, 12));
  EXPECT_EQ(Begin("noon tomorrow"), Local(2026, 11, 22, 12));
  EXPECT_EQ(Begin("today teatime"), Local(2026, 11, 21, 16));
  EXPECT_EQ(Begin("tomorrowT08:00"), Local(2026, 11, 22, 8));
  EXPECT_EQ(Begin("uts1800000000"), 1800000000);
}

TEST(ParseBeginTimeTest, NothingGivenIsZero) {
  EXPECT_EQ(Begin(""), 0);
  EXPECT_EQ(Begin(" -T "), 0);
}

TEST(ParseBeginTimeTest, ErrorsNameTheBadField) {
  EXPECT_EQ(BeginError("soon"), "Invalid time specification (pos=0): soon");
  EXPECT_EQ(BeginError("25:00"), "Invalid time specification (pos=0): 25:00");
  EXPECT_EQ(BeginError("16:60"), "Invalid time specification (pos=3): 16:60");
  EXPECT_EQ(BeginError("16:5"), "Invalid time specification (pos=3): 16:5");
  EXPECT_EQ(BeginError("16:30:61"), "Invalid time specification (pos=6): 16:30:61");
  EXPECT_EQ(BeginError("13:00pm"), "Invalid time specification (pos=5): 13:00pm");
  EXPECT_EQ(BeginError("2026-13-01"), "Invalid time specification (pos=5): 2026-13-01");
  EXPECT_EQ(BeginError("2026-12-00"), "Invalid time specification (pos=8): 2026-12-00");
  EXPECT_EQ(BeginError("13/01"), "Invalid time specification (pos=0): 13/01");
  EXPECT_EQ(BeginError("12/32"), "Invalid time specification (pos=3): 12/32");
  EXPECT_EQ(BeginError("12/24/2"), "Invalid time specification (pos=6): 12/24/2");
  EXPECT_EQ(BeginError("now+"), "Invalid time specification (pos=3): now+");
  EXPECT_EQ(BeginError("now+5min"), "Invalid time specification (pos=5): now+5min");
  EXPECT_EQ(BeginError("now5"), "Invalid time specification (pos=3): now5");
  EXPECT_EQ(BeginError("16:30 xyz"), "Invalid time specification (pos=6): 16:30 xyz");
  EXPECT_EQ(BeginError("uts12"), "Invalid time specification (pos=0): uts12");
  EXPECT_EQ(BeginError("now+9999999999999weeks"), "Invalid time specification (pos=16): now+9999999999999weeks");
}

// The system zone follows TZ, daylight saving included. Central European
// time in POSIX form needs no zoneinfo files.
TEST(ParseBeginTimeTest, SystemZoneFollowsDaylightSaving) {
  const char* saved = std::getenv("TZ");
  std::optional<std::string> old_tz = saved ? std::optional<std::string>(saved) : std::nullopt;
  setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1);
  tzset();
  const TimeZone& zone = SystemTimeZone();
  // 2026-03-29T00:30Z is 01:30 CET; at 02:00 the clocks jump to 03:00 CEST.
  constexpr int64_t kBeforeSwitch = 1774744200;
  EXPECT_EQ(*ParseBeginTime("03:30", kBeforeSwitch, zone), 1774747800);  // 01:30Z, one hour later
  EXPECT_EQ(*ParseBeginTime("now+1hour", kBeforeSwitch, zone), kBeforeSwitch + 3600);
  EXPECT_EQ(*ParseBeginTime("2026-07-01T12:00", kBeforeSwitch, zone), 1782900000);  // 10:00Z in summer
  EXPECT_EQ(*ParseBeginTime("2026-12-01T12:00", kBeforeSwitch, zone), 1796122800);  // 11:00Z in winter
  LocalTime local = zone.ToLocal(kBeforeSwitch);
  EXPECT_EQ(local.hour, 1);
  EXPECT_EQ(local.minute, 30);
  if (old_tz) {
    setenv("TZ", old_tz->c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  tzset();
}

TEST(FixedOffsetZoneTest, RoundTripsAndRollsOver) {
  const FixedOffsetZone utc(0);
  LocalTime t = utc.ToLocal(kNow);
  EXPECT_EQ(t.year, 2026);
  EXPECT_EQ(t.month, 11);
  EXPECT_EQ(t.day, 21);
  EXPECT_EQ(t.hour, 15);
  EXPECT_EQ(t.minute, 3);
  EXPECT_EQ(t.second, 1);
  EXPECT_EQ(*utc.FromLocal(t), kNow);
  LocalTime leap = utc.ToLocal(951782400);  // 2000-02-29T00:00Z
  EXPECT_EQ(leap.month, 2);
  EXPECT_EQ(leap.day, 29);
  LocalTime before_epoch = utc.ToLocal(-1);
  EXPECT_EQ(before_epoch.year, 1969);
  EXPECT_EQ(before_epoch.month, 12);
  EXPECT_EQ(before_epoch.day, 31);
  EXPECT_EQ(before_epoch.second, 59);
  EXPECT_EQ(*utc.FromLocal({2026, 13, 1, 0, 0, 0}), *utc.FromLocal({2027, 1, 1, 0, 0, 0}));
  const FixedOffsetZone west(-5 * 3600);
  EXPECT_EQ(west.ToLocal(kNow).hour, 10);
  EXPECT_EQ(*west.FromLocal(west.ToLocal(kNow)), kNow);
}

// ---- value checks

TEST(CheckSignalSpecTest, Forms) {
  for (const char* good : {"USR1", "SIGUSR2", "usr1", "10", "USR2@90", "B:TERM", "b:TERM@0", "R:USR1@65535",
                           "RB:HUP", "BR:HUP@5", "USR1@"}) {
    EXPECT_TRUE(CheckSignalSpec(good).ok()) << good;
  }
  for (const char* bad : {"", "FOO", "0", "65", "USR1@65536", "USR1@x", "USR1@-1", "X:USR1", ":USR1", "BB:USR1",
                          "RBR:USR1", "B:", "@60"}) {
    Status status = CheckSignalSpec(bad);
    EXPECT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.message(), "Invalid --signal specification") << bad;
  }
}

TEST(ParseGpuCountTest, Forms) {
  EXPECT_EQ(*ParseGpuCount("2"), 2u);
  EXPECT_EQ(*ParseGpuCount("a100:2"), 2u);
  EXPECT_EQ(*ParseGpuCount("gpu:a100:4"), 4u);
  EXPECT_EQ(*ParseGpuCount("a100:1,v100:2"), 3u);
  EXPECT_EQ(*ParseGpuCount("0"), 0u);
  for (const char* bad : {"", "x", "a100", "a100:", ":2", "tpu:a:2", "a:b:c:1", "2x", "-1", "99999999999",
                          "2147483647,1"}) {
    auto count = ParseGpuCount(bad);
    EXPECT_FALSE(count.has_value()) << bad;
    if (!count) {
      EXPECT_EQ(count.error().message(), "Invalid generic resource (gres) specification");
    }
  }
}

TEST(NormalizeGresTest, Forms) {
  EXPECT_EQ(*NormalizeGres("gpu:1"), "gpu:1");
  EXPECT_EQ(*NormalizeGres("gpu"), "gpu");
  EXPECT_EQ(*NormalizeGres("gpu:a100:2,mps:100"), "gpu:a100:2,mps:100");
  EXPECT_EQ(*NormalizeGres("gres/gpu:2,gres/mps:1"), "gpu:2,mps:1");
  EXPECT_EQ(*NormalizeGres("gpu:1,,"), "gpu:1");
  EXPECT_EQ(*NormalizeGres("none"), "");
  EXPECT_EQ(*NormalizeGres("None"), "");
  EXPECT_EQ(*NormalizeGres(""), "");
  for (const char* bad : {"gpu:", ":1", "gpu:a:b:1", "gpu::1", "gpu:1,gpu:2"}) {
    EXPECT_FALSE(NormalizeGres(bad).has_value()) << bad;
  }
}

// ---- helpers

TEST(JobOptionHelpers, ParseSlurmInt) {
  EXPECT_EQ(*ParseSlurmInt("12", "--ntasks", true), 12u);
  EXPECT_EQ(*ParseSlurmInt("0", "--wait", false), 0u);
  EXPECT_EQ(*ParseSlurmInt(" 7", "--ntasks", true), 7u);  // strtol skips blanks
  EXPECT_EQ(ParseSlurmInt("0", "--ntasks", true).error().message(), "Invalid numeric value \"0\" for --ntasks.");
  EXPECT_EQ(ParseSlurmInt("7 ", "--ntasks", true).error().message(), "Invalid numeric value \"7 \" for --ntasks.");
  EXPECT_EQ(ParseSlurmInt("", "--ntasks", true).error().message(), "Invalid numeric value \"\" for --ntasks.");
  EXPECT_EQ(ParseSlurmInt("2147483648", "--ntasks", true).error().message(),
            "Numeric argument (2147483648) to big for --ntasks.");
}

TEST(JobOptionHelpers, EnvErrorsPaths) {
  EXPECT_EQ(FindEnv({"A=1", "AB=2", "A=3"}, "A"), "1");
  EXPECT_EQ(FindEnv({"AB=2"}, "A"), std::nullopt);
  EXPECT_EQ(FindEnv({"E="}, "E"), "");
  EXPECT_EQ(CommandError("srun", "one\ntwo").message(), "srun: error: one\nsrun: error: two");
  EXPECT_EQ(JoinPath("/a", "b"), "/a/b");
  EXPECT_EQ(JoinPath("/a/", "/c"), "/c");
  EXPECT_EQ(JoinPath("/a/", "c"), "/a/c");
}

}  // namespace
}  // namespace bramble::cli
