// See user_directory.h.
#include "controller/user_directory.h"

#include <grp.h>
#include <pwd.h>

#include "controller/user_groups.h"

namespace bramble::controller {

template <typename Key, typename Value, typename Lookup>
std::optional<Value> UserDirectory::Cached(std::unordered_map<Key, Entry<Value>>& cache, Key key, int64_t now,
                                           Lookup lookup) {
  auto it = cache.find(key);
  if (it != cache.end() && now >= it->second.looked_up && now - it->second.looked_up < ttl_s_) {
    return it->second.value;
  }
  std::optional<Value> found = lookup();
  if (!found) {
    if (it != cache.end()) cache.erase(it);
    return std::nullopt;
  }
  cache[key] = Entry<Value>{*found, now};
  return found;
}

UserDirectory::Lookups UserDirectory::System() {
  Lookups lookups;
  lookups.user_name = [](uid_t uid) -> std::optional<std::string> {
    struct passwd* pw = ::getpwuid(uid);
    if (pw == nullptr) return std::nullopt;
    return std::string(pw->pw_name);
  };
  lookups.group_name = [](gid_t gid) -> std::optional<std::string> {
    struct group* gr = ::getgrgid(gid);
    if (gr == nullptr) return std::nullopt;
    return std::string(gr->gr_name);
  };
  lookups.groups = [](uid_t uid, gid_t gid) { return UserGroups(uid, gid); };
  return lookups;
}

std::optional<std::string> UserDirectory::UserName(uid_t uid, int64_t now) {
  return Cached(users_, uid, now, [&] { return lookups_.user_name(uid); });
}

std::optional<std::string> UserDirectory::GroupName(gid_t gid, int64_t now) {
  return Cached(group_names_, gid, now, [&] { return lookups_.group_name(gid); });
}

std::vector<gid_t> UserDirectory::Groups(uid_t uid, gid_t gid, int64_t now) {
  uint64_t key = static_cast<uint64_t>(uid) << 32 | gid;
  // Only a list from a known user is kept: an unknown one is just `gid`.
  auto groups = Cached(groups_, key, now, [&]() -> std::optional<std::vector<gid_t>> {
    if (!UserName(uid, now)) return std::nullopt;
    return lookups_.groups(uid, gid);
  });
  return groups ? *groups : std::vector<gid_t>{gid};
}

}  // namespace bramble::controller
