// Placement of one job onto the free CPUs and memory of its partition's nodes
// (Slurm's cons_tres, simplified: whole CPUs, one memory figure per job).
//
// Entry points: PlaceJob answers where a job fits now; ApplyPlacement books
// an answer into a node table so the next job of the same pass sees it.
//
// Memory: --mem=M reserves M on each node; --mem=0 takes each node's whole
// memory and needs nodes with none allocated; --mem-per-cpu=M reserves M per
// allocated CPU. A Placement carries one memory figure for all its nodes, so
// for --mem-per-cpu it is the figure of the node with the most tasks, and for
// --mem=0 on nodes of different sizes it is the smallest node's memory. Every
// node of a placement has that figure free: nothing is ever over-allocated.
#pragma once

#include <optional>
#include <vector>

#include "sched/scheduler.h"

namespace bramble::sched {

// Fits `job` onto the usable, non-excluded nodes of `partition` that have its
// features and devices, counting what `nodes` already have allocated, using
// at most the partition's MaxNodes. Nodes are preferred in the order
// `partition.nodes` lists them (the scheduler orders them by Weight). An
// --exclusive job takes only idle nodes and all of their CPUs. Returns
// nullopt when it does not fit now (or never can: bad indices, ntasks or
// cpus_per_task of 0).
std::optional<Placement> PlaceJob(const JobRequest& job, const Partition& partition,
                                  const std::vector<Node>& nodes);

// A node table read one node at a time, for callers that work a node out
// only when placement looks at it (backfill's view of a future window).
// PlaceJob reads only the partition's nodes.
class NodeSource {
 public:
  virtual const Node& operator[](int index) = 0;
  // The node with only what never changes right (CPUs, memory, usable,
  // features, device counts; not the alloc figures or used devices), read
  // first to pass over nodes that could never take the job.
  virtual const Node& Fixed(int index) = 0;
  virtual size_t size() const = 0;

 protected:
  ~NodeSource() = default;
};

// PlaceJob on a table read through `nodes`; the same answer as on the table
// those reads give.
std::optional<Placement> PlaceJob(const JobRequest& job, const Partition& partition,
                                  NodeSource& nodes);

// Adds the CPUs, memory and devices of `placement` to the nodes it uses.
void ApplyPlacement(const Placement& placement, std::vector<Node>& nodes);

}  // namespace bramble::sched
