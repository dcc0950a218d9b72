// A node table patched on demand; see window_view.h.
#include "sched/window_view.h"

namespace bramble::sched {

WindowView::WindowView(const Timeline& timeline, int64_t start, int64_t end,
                       std::vector<Node>& nodes)
    : timeline_(timeline), start_(start), end_(end), nodes_(nodes), read_(nodes.size(), 0) {}

WindowView::~WindowView() { Timeline::RestoreView(saved_, nodes_); }

const Node& WindowView::operator[](int index) {
  if (!read_[index]) {
    read_[index] = 1;
    Timeline::Saved saved;
    if (timeline_.Patch(index, start_, end_, nodes_, saved)) {
      if (saved_.empty()) saved_.reserve(16);
      saved_.push_back(saved);
    }
  }
  return nodes_[index];
}

}  // namespace bramble::sched
