// The node table as it will be over a window [start, end): each node at its
// peak usage in the window (Timeline::Patch), for placing a job that runs
// then. Nodes are patched when placement first reads them, so a job that
// fits on the first few nodes pays for those only; the table is put back as
// it was when the view goes away.
#pragma once

#include <cstdint>
#include <vector>

#include "sched/placement.h"
#include "sched/timeline.h"

namespace bramble::sched {

class WindowView final : public NodeSource {
 public:
  // `nodes` is the node table of now, which the view patches in place.
  WindowView(const Timeline& timeline, int64_t start, int64_t end, std::vector<Node>& nodes);
  ~WindowView();
  WindowView(const WindowView&) = delete;
  WindowView& operator=(const WindowView&) = delete;

  const Node& operator[](int index) override;
  const Node& Fixed(int index) override { return nodes_[index]; }
  size_t size() const override { return nodes_.size(); }

  // Whether some node read so far differs from now.
  bool Changed() const { return !saved_.empty(); }

 private:
  const Timeline& timeline_;
  int64_t start_;
  int64_t end_;
  std::vector<Node>& nodes_;
  std::vector<char> read_;  // per node: patched (or found unchanged) already
  std::vector<Timeline::Saved> saved_;
};

}  // namespace bramble::sched
