#include "controller/heap_trim.h"

#include <gtest/gtest.h>

namespace bramble::controller {
namespace {

TEST(HeapTrimSchedule, NeverTrimsWithoutWork) {
  HeapTrimSchedule schedule;
  for (int tick = 0; tick < 5; ++tick) EXPECT_FALSE(schedule.TrimNow());
}

TEST(HeapTrimSchedule, TrimsOnceOnTheFirstQuietTickAfterWork) {
  HeapTrimSchedule schedule;
  schedule.NoteWork();
  EXPECT_FALSE(schedule.TrimNow());  // the busy tick itself
  EXPECT_TRUE(schedule.TrimNow());   // quiet
  EXPECT_FALSE(schedule.TrimNow());  // nothing new since
  EXPECT_FALSE(schedule.TrimNow());
}

TEST(HeapTrimSchedule, WaitsWhileWorkGoesOn) {
  HeapTrimSchedule schedule;
  for (int tick = 0; tick < 5; ++tick) {
    schedule.NoteWork();
    EXPECT_FALSE(schedule.TrimNow());
  }
  EXPECT_TRUE(schedule.TrimNow());
}

TEST(HeapTrimSchedule, TrimsAgainAfterTheNextBurst) {
  HeapTrimSchedule schedule;
  schedule.NoteWork();
  EXPECT_FALSE(schedule.TrimNow());
  EXPECT_TRUE(schedule.TrimNow());
  schedule.NoteWork();
  EXPECT_FALSE(schedule.TrimNow());
  EXPECT_TRUE(schedule.TrimNow());
}

}  // namespace
}  // namespace bramble::controller
