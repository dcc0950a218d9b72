// When the controller gives freed heap memory back to the kernel.
//
// glibc keeps freed memory in the heap for reuse, so what a burst of work
// allocated (the reply to a big squeue, a thousand submissions, a thousand
// jobs pruned after MinJobAge) stayed in the controller's RSS: 1.7 of its
// 10.2 MB after 1000 jobs (docs/performance.md). malloc_trim gives it back,
// and costs a walk of the heap, so it runs once per burst: on the first
// quiet tick after a busy one. Node heartbeats do not count as work: with
// many nodes they would keep every tick busy.
#pragma once

namespace bramble::controller {

class HeapTrimSchedule {
 public:
  // Work that allocated or freed memory happened (a client request, pruning).
  void NoteWork() { busy_ = true; }

  // Called once a tick; true when the heap should be trimmed now.
  bool TrimNow() {
    bool trim = busy_last_tick_ && !busy_;
    busy_last_tick_ = busy_;
    busy_ = false;
    return trim;
  }

 private:
  bool busy_ = false;            // work since the last tick
  bool busy_last_tick_ = false;  // work in the tick before
};

}  // namespace bramble::controller
