// The user's group ids; see user_groups.h.
#include "stepd/user_groups.h"

#include <grp.h>

#include <algorithm>
#include <charconv>
#include <sstream>

namespace bramble::stepd {
namespace {

// Space-separated decimal ids; nothing when any word is not one.
std::vector<gid_t> ParseGroups(const std::string& text) {
  std::vector<gid_t> groups;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    gid_t gid = 0;
    auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), gid);
    if (error != std::errc() || end != word.data() + word.size()) return {};
    groups.push_back(gid);
  }
  return groups;
}

}  // namespace

std::vector<gid_t> SupplementaryGroups(const std::string& user, gid_t gid) {
  std::vector<gid_t> groups(32);
  for (int attempt = 0; attempt < 4; ++attempt) {  // a second try has the size it needs
    int count = static_cast<int>(groups.size());
    if (::getgrouplist(user.c_str(), gid, groups.data(), &count) >= 0) {
      groups.resize(static_cast<size_t>(count));
      return groups;
    }
    groups.resize(std::max<size_t>(static_cast<size_t>(count), groups.size() * 2));
  }
  return {gid};
}

Status WriteGroupsFile(const JobDir& dir, const std::vector<gid_t>& groups) {
  std::string text;
  for (gid_t gid : groups) text += std::to_string(gid) + " ";
  return WriteFileAtomic(dir.groups(), text, 0600);
}

std::vector<gid_t> GroupsFor(const JobDir& dir, const std::string& user, gid_t gid) {
  if (Result<std::string> text = ReadWholeFile(dir.groups())) {
    std::vector<gid_t> groups = ParseGroups(*text);
    if (std::find(groups.begin(), groups.end(), gid) != groups.end()) return groups;
  }
  return SupplementaryGroups(user, gid);
}

}  // namespace bramble::stepd
