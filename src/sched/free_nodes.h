// The nodes of each partition that have a CPU free now, for one pass: the
// only nodes a job starting now can use at all. On a busy cluster they are
// few, so walking them instead of the whole partition keeps each job's
// placement cheap. Jobs asking for devices get the shorter list of those
// nodes that also have a device free.
//
// Usage only grows during a pass (starts are added, nothing ends), so a node
// that is full stays full and the lists only shrink: a start takes the nodes
// it fills off them.
#pragma once

#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

class FreeNodes {
 public:
  // `partitions` with their nodes in allocation order; `nodes` the node
  // table now.
  FreeNodes(const std::vector<Partition>& partitions, const std::vector<Node>& nodes);

  // Notes that `placement` was added to `nodes`, the node table of the pass.
  void Started(const Placement& placement, const std::vector<Node>& nodes);

  // Partition `p` with only its usable nodes that have a CPU free (and,
  // with `device`, a device of some kind free), in its order, each once,
  // invalid indices left out.
  const Partition& Of(int p, bool device = false) const;

  // Whether `job` can use only nodes with a device free.
  static bool NeedsDevice(const JobRequest& job);

 private:
  struct Lists {
    Partition with_cpu;
    Partition with_device;  // and a CPU
  };
  std::vector<Lists> lists_;
};

}  // namespace bramble::sched
