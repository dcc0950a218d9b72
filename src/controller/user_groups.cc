#include "controller/user_groups.h"

#include <grp.h>
#include <pwd.h>

namespace bramble::controller {

std::vector<gid_t> UserGroups(uid_t uid, gid_t gid) {
  struct passwd* pw = ::getpwuid(uid);
  if (pw == nullptr) return {gid};
  int count = 64;
  std::vector<gid_t> groups(count);
  if (::getgrouplist(pw->pw_name, gid, groups.data(), &count) < 0) {
    // count now says how many there are.
    groups.resize(count);
    if (::getgrouplist(pw->pw_name, gid, groups.data(), &count) < 0) return {gid};
  }
  groups.resize(count);
  return groups;
}

}  // namespace bramble::controller
