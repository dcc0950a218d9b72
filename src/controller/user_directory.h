// Who a uid is and which groups it has, as NSS says, remembered for a
// while. A submission, a scheduling pass and a step each asked NSS again:
// with the files backend that is /etc/passwd and /etc/group read and parsed
// each time, on the path of every srun (docs/performance.md). Slurm keeps
// group lists for GroupUpdateTime (600 s by default); a minute here.
//
// Only what NSS knows is kept: an unknown uid or gid is asked about again,
// so an account made after a failed submission works at once. Not
// thread-safe: the controller's loop alone uses it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bramble::controller {

class UserDirectory {
 public:
  static constexpr int64_t kDefaultTtlS = 60;

  // Where the answers come from: NSS (System()), or a test's own.
  struct Lookups {
    std::function<std::optional<std::string>(uid_t)> user_name;
    std::function<std::optional<std::string>(gid_t)> group_name;
    std::function<std::vector<gid_t>(uid_t, gid_t)> groups;  // as UserGroups
  };
  static Lookups System();

  explicit UserDirectory(Lookups lookups = System(), int64_t ttl_s = kDefaultTtlS)
      : lookups_(std::move(lookups)), ttl_s_(ttl_s) {}

  // `now` is in seconds; an answer older than the TTL is asked for again.
  std::optional<std::string> UserName(uid_t uid, int64_t now);
  std::optional<std::string> GroupName(gid_t gid, int64_t now);
  // The primary group `gid` and every group listing the user (UserGroups).
  std::vector<gid_t> Groups(uid_t uid, gid_t gid, int64_t now);

 private:
  template <typename Value>
  struct Entry {
    Value value;
    int64_t looked_up = 0;
  };

  // The fresh cached answer, else `lookup()`'s (kept when there is one).
  template <typename Key, typename Value, typename Lookup>
  std::optional<Value> Cached(std::unordered_map<Key, Entry<Value>>& cache, Key key, int64_t now, Lookup lookup);

  Lookups lookups_;
  int64_t ttl_s_;
  std::unordered_map<uid_t, Entry<std::string>> users_;
  std::unordered_map<gid_t, Entry<std::string>> group_names_;
  std::unordered_map<uint64_t, Entry<std::vector<gid_t>>> groups_;  // key: uid << 32 | gid
};

}  // namespace bramble::controller
