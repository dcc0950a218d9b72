// See node_cgroups.h.
#include "cgroup/node_cgroups.h"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "cgroup/cgroup_files.h"
#include "cgroup/cpu_list.h"

namespace bramble::cgroup {
namespace {

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::stringstream stream(text);
  std::string word;
  while (stream >> word) words.push_back(word);
  return words;
}

std::vector<int> AffinityCpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  return cpus;
}

// v1's cpuset needs cpus and mems in every group before a task may join:
// each new level starts with its parent's.
void InheritCpuset(const std::string& hierarchy, const std::string& relative) {
  std::string parent = hierarchy;
  std::stringstream parts(relative);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty()) continue;
    std::string group = parent + "/" + part;
    Result<std::string> cpus = ReadValue(group + "/cpuset.cpus");
    if (cpus && cpus->empty()) StopLoadBalanceRebuilds(group);  // new: no cpus yet, so no rebuild now either
    for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
      Result<std::string> own = ReadValue(group + "/" + file);
      if (own && !own->empty()) continue;
      Result<std::string> inherited = ReadValue(parent + "/" + file);
      if (inherited) (void)WriteValue(group + "/" + file, *inherited);
    }
    parent = group;
  }
}

void SetUpV1(const CgroupConfig& config, NodeCgroups& cg) {
  // cpuacct only counts: the extern step's usage (ssh sessions) comes from it.
  // pids is left out: it would limit nothing here, and the freezer already
  // holds every process of a step; on v1 each hierarchy costs a mkdir and an
  // rmdir per job and per step (the kernel's largest cost of running one).
  for (const char* controller : {"memory", "cpuset", "freezer", "cpuacct"}) {
    std::string hierarchy = config.mountpoint + "/" + controller;
    if (!Exists(hierarchy + "/cgroup.procs")) continue;
    Status made = MakeGroups(hierarchy, cg.root);
    if (!made.ok()) {
      cg.warnings.push_back("cgroup v1 " + std::string(controller) + " not used: " + made.message());
      continue;
    }
    if (std::string(controller) == "cpuset") InheritCpuset(hierarchy, cg.root);
    cg.hierarchies.push_back(hierarchy);
    cg.controllers.push_back(controller);
  }
  if (cg.hierarchies.empty()) {
    cg.warnings.push_back("no cgroup v1 controller could be used under " + config.mountpoint);
    cg.backend.clear();
    return;
  }
  if (Has(cg.controllers, "cpuset")) {
    Result<std::string> cpus = ReadValue(config.mountpoint + "/cpuset/" + cg.root + "/cpuset.cpus");
    if (cpus) {
      if (auto parsed = ParseCpuList(*cpus)) cg.usable_cpus = *parsed;
    }
  }
}

// Enables every controller of `wanted` that `group` offers for its children.
void EnableControllers(const std::string& group, const std::vector<std::string>& wanted) {
  Result<std::string> offered = ReadValue(group + "/cgroup.controllers");
  if (!offered) return;
  for (const std::string& controller : Words(*offered)) {
    if (Has(wanted, controller)) (void)WriteValue(group + "/cgroup.subtree_control", "+" + controller);
  }
}

void SetUpV2(const std::string& mount, NodeCgroups& cg) {
  const std::vector<std::string> wanted = {"memory", "cpuset", "pids"};
  Status made = MakeGroups(mount, cg.root);
  if (!made.ok()) {
    cg.warnings.push_back("cgroup v2 not used: " + made.message());
    cg.backend.clear();
    return;
  }
  std::string group = mount;
  EnableControllers(group, wanted);
  std::stringstream parts(cg.root);
  std::string part;
  while (std::getline(parts, part, '/')) {
    group += "/" + part;
    EnableControllers(group, wanted);
  }
  cg.hierarchies.push_back(mount);
  Result<std::string> offered = ReadValue(mount + "/" + cg.root + "/cgroup.controllers");
  for (const std::string& controller : offered ? Words(*offered) : std::vector<std::string>{}) {
    if (Has(wanted, controller)) cg.controllers.push_back(controller);
  }
  if (Exists(mount + "/" + cg.root + "/cgroup.freeze")) cg.controllers.push_back("freezer");
  if (!Has(cg.controllers, "memory")) {
    cg.warnings.push_back(
        "cgroup v2 has no memory controller here, so memory limits are not enforced (on a Raspberry Pi, add "
        "cgroup_enable=memory cgroup_memory=1 to cmdline.txt and reboot)");
  }
  if (Has(cg.controllers, "cpuset")) {
    Result<std::string> cpus = ReadValue(mount + "/" + cg.root + "/cpuset.cpus.effective");
    if (cpus) {
      if (auto parsed = ParseCpuList(*cpus)) cg.usable_cpus = *parsed;
    }
  }
}

}  // namespace

std::string NodeCgroups::Describe() const {
  if (!enabled()) return "no cgroups: jobs are tracked by process group and subreaper, limits are not enforced";
  std::string text = "cgroup " + backend + " (";
  for (size_t i = 0; i < controllers.size(); ++i) text += (i ? ", " : "") + controllers[i];
  text += ") under ";
  if (backend == "v1") {
    std::string mount = hierarchies[0].substr(0, hierarchies[0].rfind('/'));
    text += mount + "/<controller>/" + root;
  } else {
    text += hierarchies[0] + "/" + root;
  }
  return text;
}

proto::CgroupPlacement NodeCgroups::Placement(int64_t memory_mb, const std::string& cpus) const {
  proto::CgroupPlacement placement;
  if (!enabled()) return placement;
  placement.set_backend(backend);
  for (const std::string& hierarchy : hierarchies) placement.add_hierarchies(hierarchy);
  placement.set_root(root);
  if (limit_memory && memory_mb > 0) {
    double bytes = static_cast<double>(memory_mb) * 1024 * 1024 * allowed_ram_percent / 100.0;
    placement.set_memory_bytes(static_cast<int64_t>(bytes));
  }
  if (limit_cores) placement.set_cpus(cpus);
  return placement;
}

std::string RootName(const std::string& node_name, const std::string& spool) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : spool) hash = (hash ^ c) * 16777619u;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", hash);
  return "bramble/" + node_name + "_" + hex;
}

void NodeCgroups::RemoveRootIfEmpty() const {
  for (const std::string& hierarchy : hierarchies) {
    ::rmdir((hierarchy + "/" + root).c_str());  // fails while a job's group is in it
    ::rmdir((hierarchy + "/bramble").c_str());  // fails while another node's root is in it
  }
}

NodeCgroups SetUpNodeCgroups(const CgroupConfig& config, const std::string& node_name, const std::string& spool) {
  NodeCgroups cg;
  cg.root = RootName(node_name, spool);
  cg.allowed_ram_percent = config.allowed_ram_space;
  cg.usable_cpus = AffinityCpus();
  if (config.plugin == "disabled") {
    cg.warnings.push_back("cgroups are disabled in cgroup.conf (CgroupPlugin=disabled)");
    return cg;
  }
  if (::geteuid() != 0) {
    cg.warnings.push_back("not running as root: cgroups are not used");
    return cg;
  }
  const std::string& mount = config.mountpoint;
  bool pure_v2 = Exists(mount + "/cgroup.controllers");
  std::string v2_mount = pure_v2 ? mount : (Exists(mount + "/unified/cgroup.controllers") ? mount + "/unified" : "");
  bool v1 = Exists(mount + "/memory/cgroup.procs") || Exists(mount + "/freezer/cgroup.procs");
  if (config.plugin == "cgroup/v2" || (config.plugin == "autodetect" && (pure_v2 || (!v1 && !v2_mount.empty())))) {
    if (v2_mount.empty()) {
      cg.warnings.push_back("CgroupPlugin=cgroup/v2 but no cgroup v2 is mounted under " + mount);
    } else {
      cg.backend = "v2";
      SetUpV2(v2_mount, cg);
    }
  } else if (v1) {
    cg.backend = "v1";
    SetUpV1(config, cg);
  } else {
    cg.warnings.push_back("no cgroup " + std::string(config.plugin == "cgroup/v1" ? "v1 " : "") +
                          "hierarchy is mounted under " + mount);
  }
  if (!cg.enabled()) {
    cg.controllers.clear();
    cg.hierarchies.clear();
    cg.usable_cpus = AffinityCpus();
    return cg;
  }
  cg.limit_memory = config.constrain_ram_space && Has(cg.controllers, "memory");
  cg.limit_cores = config.constrain_cores && Has(cg.controllers, "cpuset");
  if (cg.usable_cpus.empty()) cg.usable_cpus = AffinityCpus();
  return cg;
}

}  // namespace bramble::cgroup
