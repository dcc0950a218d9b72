// The CPUs in use on every node at a few moments, kept current as bookings
// come in, so that backfill's search can start at a late moment without
// replaying every change since now (Timeline::Sweep).
//
// A checkpoint at time T holds, per node, what is in use now plus every
// change after now and at or before T.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bramble::sched {

class UsageCheckpoints {
 public:
  struct Checkpoint {
    int64_t time = 0;
    std::vector<int64_t> cpus;  // per node
  };

  void Clear() { checkpoints_.clear(); }

  // Adds a checkpoint later than every one held.
  void Append(int64_t time, std::vector<int64_t> cpus);

  // A change of `cpus` on `node` at `time` (after now).
  void Change(int node, int64_t time, int64_t cpus);

  // A change of what `node` has in use now.
  void ChangeNow(int node, int64_t cpus);

  // The latest checkpoint at or before `time`, or nullptr.
  const Checkpoint* AtOrBefore(int64_t time) const;

  size_t size() const { return checkpoints_.size(); }

 private:
  std::vector<Checkpoint> checkpoints_;  // by time
};

}  // namespace bramble::sched
