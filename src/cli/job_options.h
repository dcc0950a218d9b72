// The job options sbatch, salloc and srun share: one option table, like
// Slurm's slurm_opt.c, and one function that turns an option's value into
// JobSpec fields, so `-N 2`, `--begin=now+1hour` or `--gres=gpu:1` mean the
// same in all three and fail with the same text.
//
// Each table row's mask says which commands accept it (Slurm 22.05's man
// pages). The values are checked the way Slurm's client checks them (its
// slurm_opt.c setters); what only the controller can judge (a partition's
// existence, a dependency's job ids, MaxArraySize) is passed through as
// given. Error texts are the complete lines the command prints on stderr,
// "<program>: error: " included, e.g. "sbatch: error: Invalid --nice value,
// out of range (+/- 2147483645)".
//
// --begin needs the current time and the local time zone; both come in
// through JobClock, so the date arithmetic (ParseBeginTime, in
// job_options_time.cc with the zones) is a pure function that tests drive
// with a fixed time and a fixed-offset zone.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cli/getopt_runner.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// Option ids: a short option's character, else a value from 0x100 up.
enum OptionId : int {
  kOptArray = 'a',
  kOptAccount = 'A',
  kOptBegin = 'b',
  kOptExtraNodeInfo = 'B',
  kOptCpusPerTask = 'c',
  kOptConstraint = 'C',
  kOptDependency = 'd',
  kOptChdir = 'D',
  kOptError = 'e',
  kOptGpus = 'G',
  kOptHelp = 'h',
  kOptHold = 'H',
  kOptInput = 'i',
  kOptImmediate = 'I',
  kOptJobName = 'J',
  kOptNoKill = 'k',
  kOptLicenses = 'L',
  kOptDistribution = 'm',
  kOptClusters = 'M',
  kOptNtasks = 'n',
  kOptNodes = 'N',
  kOptOutput = 'o',
  kOptOvercommit = 'O',
  kOptPartition = 'p',
  kOptQos = 'q',
  kOptQuiet = 'Q',
  kOptOversubscribe = 's',
  kOptCoreSpec = 'S',
  kOptTime = 't',
  kOptUsage = 'u',
  kOptVerbose = 'v',
  kOptVersion = 'V',
  kOptNodelist = 'w',
  kOptExclude = 'x',
  kOptComment = 0x100,
  kOptExport,
  kOptGetUserEnv,
  kOptGres,
  kOptKillOnInvalidDep,
  kOptMem,
  kOptMemPerCpu,
  kOptNice,
  kOptNoRequeue,
  kOptNtasksPerNode,
  kOptOpenMode,
  kOptParsable,
  kOptRequeue,
  kOptSignal,
  kOptWrap,
  kOptIgnored,  // accepted and not stored yet (the feature comes in a later issue)
  // srun and salloc. Their short letters that sbatch spells differently
  // share a value with sbatch's id: the table rows are per command.
  kOptKillOnBadExit = 'K',  // srun -K; salloc's -K is --kill-command
  kOptKillCommand = 'K',
  kOptLabel = 'l',
  kOptThreads = 'T',
  kOptUnbuffered = 'u',  // srun -u; sbatch's 'u' row is --usage
  kOptWait = 'W',
  kOptDisableStatus = 'X',
  kOptCpuBind = 0x200,
  kOptExclusive,
  kOptJobId,
  kOptMpi,
  kOptOverlap,  // also --external-launcher
  kOptPty,
  kOptUsageLong,  // srun's and salloc's --usage, which has no short form
};

// Which commands accept an option (OptionSpec::commands).
inline constexpr unsigned kForSbatch = 1;
inline constexpr unsigned kForSrun = 2;
inline constexpr unsigned kForSalloc = 4;

// The table shared by sbatch, srun and salloc. Several long names may share
// an id (--ntasks, --tasks); a short letter means one thing per command.
extern const std::span<const OptionSpec> kJobOptions;

// ---- time, for --begin

// A local calendar time: a real year, month 1-12, day 1-31.
struct LocalTime {
  int year = 1970;
  int month = 1;
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
};

// Converts between Unix seconds and the local calendar: the seam through
// which --begin reads the time zone.
class TimeZone {
 public:
  virtual ~TimeZone() = default;
  // The local calendar time of `unix_seconds`.
  virtual LocalTime ToLocal(int64_t unix_seconds) const = 0;
  // The Unix time of `local`. Fields past their range roll over as mktime
  // rolls them (February 30 is March 2); a time that a daylight-saving
  // change skips or repeats resolves as mktime does with tm_isdst = -1.
  // Fails when the result cannot be represented.
  virtual Result<int64_t> FromLocal(const LocalTime& local) const = 0;
};

// The process's time zone (TZ, else /etc/localtime), through localtime_r
// and mktime.
const TimeZone& SystemTimeZone();

// A zone a fixed number of seconds east of UTC, without daylight saving:
// UTC itself, or a test's zone.
class FixedOffsetZone final : public TimeZone {
 public:
  explicit FixedOffsetZone(int64_t offset_s) : offset_s_(offset_s) {}
  LocalTime ToLocal(int64_t unix_seconds) const override;
  Result<int64_t> FromLocal(const LocalTime& local) const override;

 private:
  int64_t offset_s_;
};

// The moment options are read at and the zone dates are in.
struct JobClock {
  int64_t now = 0;  // Unix seconds
  const TimeZone* zone = &SystemTimeZone();
};

// The current time in the system zone.
JobClock SystemClock();

// Parses a --begin value the way Slurm's parse_time does, relative to
// `now` in `zone`, into Unix seconds. Accepted, case-insensitively, and
// combinable with blanks, '-' or 'T' between them:
//   now[{+|-}N[seconds|minutes|hours|days|weeks]]  (bare N = seconds)
//   HH:MM[:SS] [AM|PM]     the next such time: today, else tomorrow
//   YYYY-MM-DD, MMDD[YY], MM/DD[/YY], MM.DD[.YY]   (a date alone = 00:00:00;
//                           without a year, the next such date)
//   today, tomorrow, midnight, noon, elevenses (11:00), fika (15:00),
//   teatime (16:00), and uts<Unix seconds>.
// Returns 0 when the text names no date or time at all (Slurm treats that
// as invalid too). Fails with Slurm's line "Invalid time specification
// (pos=N): <text>", N being where the bad field starts.
Result<int64_t> ParseBeginTime(std::string_view text, int64_t now, const TimeZone& zone);

// ---- checks of single option values

// Checks a --signal value, [{R|B}:]<sig_num|name>[@<sig_time>]: a signal
// name (with or without SIG) or number, and a time of 0..65535 seconds.
// Fails with "Invalid --signal specification".
Status CheckSignalSpec(std::string_view text);

// The GPU count of a --gpus value: "N", "type:N" or "gpu:type:N", or a comma
// list of them (the counts add up; types are dropped). Fails with Slurm's
// controller text "Invalid generic resource (gres) specification".
Result<uint32_t> ParseGpuCount(std::string_view text);

// A --gres value as Bramble stores it: comma items name[:type][:count]
// checked by the slurm.conf Gres= grammar, a "gres/" prefix dropped from
// each item, "none" (any case) as "". Fails as ParseGpuCount does.
Result<std::string> NormalizeGres(std::string_view text);

// ---- applying options

// What applying an option needs besides its value.
struct JobOptionContext {
  std::string_view program;  // "sbatch", "salloc" or "srun": the error prefix
  JobClock clock;
};

// Applies an option shared by sbatch, salloc and srun (the counts, -N, -t,
// --mem, names and lists, --dependency, --array, --gres, --gpus, -C,
// --exclusive, --nice, --begin, --signal, --kill-on-invalid-dep,
// --[no-]requeue) to `spec`. Returns false, changing nothing, for any other
// id. Fails with the complete stderr text and leaves `spec` as it was.
Result<bool> ApplyJobOption(int id, const std::optional<std::string>& value, const JobOptionContext& context,
                            proto::JobSpec* spec);

// ---- helpers of the three commands

// Slurm's parse_int (src/common/proc_args.c): a decimal integer, at least 1
// when `positive`, else at least 0. Fails with "Invalid numeric value "x"
// for --ntasks." or "Numeric argument (N) to big for --ntasks.".
Result<uint32_t> ParseSlurmInt(const std::string& value, const char* option, bool positive);

// `text` with every line prefixed by "<program>: error: ", as a status.
Status CommandError(std::string_view program, const std::string& text);

// `path` made absolute against `dir`.
std::string JoinPath(const std::string& dir, const std::string& path);

// The value of `name` among "NAME=value" entries (the first, like getenv),
// or nullopt.
std::optional<std::string> FindEnv(const std::vector<std::string>& environment, std::string_view name);

}  // namespace bramble::cli
