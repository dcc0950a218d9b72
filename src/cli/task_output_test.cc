#include "cli/task_output.h"

#include <gtest/gtest.h>

#include <csignal>

namespace bramble::cli {
namespace {

TEST(TaskLabel, WidthOfTheLargestTaskId) {
  EXPECT_EQ(LabelWidth(1), 1);
  EXPECT_EQ(LabelWidth(10), 1);   // ids 0-9
  EXPECT_EQ(LabelWidth(11), 2);   // ids 0-10
  EXPECT_EQ(LabelWidth(100), 2);
  EXPECT_EQ(LabelWidth(101), 3);
  EXPECT_EQ(LabelWidth(0), 1);
  EXPECT_EQ(TaskLabel(0, 4), "0: ");
  EXPECT_EQ(TaskLabel(3, 12), " 3: ");
  EXPECT_EQ(TaskLabel(11, 12), "11: ");
  EXPECT_EQ(TaskLabel(7, 1000), "  7: ");
}

TEST(LineAssembler, WholeLinesOnly) {
  LineAssembler lines(2, false, false);
  EXPECT_EQ(lines.Add(0, 1, "hel"), "");
  EXPECT_EQ(lines.Add(1, 1, "wor"), "");
  EXPECT_EQ(lines.Add(0, 1, "lo\nsec"), "hello\n");
  EXPECT_EQ(lines.Add(1, 1, "ld\n"), "world\n");
  EXPECT_EQ(lines.Add(0, 1, "ond\nthird\nfo"), "second\nthird\n");
  EXPECT_EQ(lines.Finish(0, 1), "fo");  // no newline added without -l
  EXPECT_EQ(lines.Finish(0, 1), "");
  EXPECT_EQ(lines.Finish(1, 1), "");
}

TEST(LineAssembler, StreamsAreSeparate) {
  LineAssembler lines(1, false, false);
  EXPECT_EQ(lines.Add(0, 1, "out"), "");
  EXPECT_EQ(lines.Add(0, 2, "err\n"), "err\n");
  EXPECT_EQ(lines.Add(0, 1, "put\n"), "output\n");
  EXPECT_EQ(lines.Add(0, 2, "tail"), "");
  EXPECT_EQ(lines.Finish(0, 1), "");
  EXPECT_EQ(lines.Finish(0, 2), "tail");
}

TEST(LineAssembler, LabelsEveryLine) {
  LineAssembler lines(12, true, false);
  EXPECT_EQ(lines.Add(3, 1, "a\nb\nc"), " 3: a\n 3: b\n");
  EXPECT_EQ(lines.Add(10, 2, "x\n"), "10: x\n");
  EXPECT_EQ(lines.Add(3, 1, "d\n"), " 3: cd\n");
  EXPECT_EQ(lines.Add(3, 1, "partial"), "");
  // In label mode a trailing partial line gets a newline (write_labelled_message).
  EXPECT_EQ(lines.Finish(3, 1), " 3: partial\n");
  EXPECT_EQ(lines.Add(0, 1, "\n"), " 0: \n");  // an empty line is still labelled
}

TEST(LineAssembler, LongPartialLineIsWrittenInPieces) {
  LineAssembler plain(1, false, false);
  std::string big(LineAssembler::kMaxMessageBytes + 10, 'x');
  EXPECT_EQ(plain.Add(0, 1, big), std::string(LineAssembler::kMaxMessageBytes, 'x'));
  EXPECT_EQ(plain.Finish(0, 1), std::string(10, 'x'));
  LineAssembler labelled(2, true, false);
  EXPECT_EQ(labelled.Add(1, 1, big), "1: " + std::string(LineAssembler::kMaxMessageBytes, 'x') + "\n");
}

TEST(LineAssembler, UnbufferedPassesChunksThrough) {
  LineAssembler plain(2, false, true);
  EXPECT_EQ(plain.Add(0, 1, "ab"), "ab");
  EXPECT_EQ(plain.Add(1, 1, "cd\nef"), "cd\nef");
  EXPECT_EQ(plain.Finish(0, 1), "");
  // With -l each chunk is a message: labelled lines, a partial one closed.
  LineAssembler labelled(2, true, true);
  EXPECT_EQ(labelled.Add(0, 1, "ab"), "0: ab\n");
  EXPECT_EQ(labelled.Add(0, 1, "c\nd\n"), "0: c\n0: d\n");
}

TEST(LineAssembler, FinishAllFlushesInTaskOrder) {
  LineAssembler lines(3, true, false);
  lines.Add(2, 1, "two");
  lines.Add(0, 1, "zero");
  lines.Add(1, 2, "one");
  OutputText text = lines.FinishAll();
  EXPECT_EQ(text.out, "0: zero\n2: two\n");
  EXPECT_EQ(text.err, "1: one\n");
  EXPECT_EQ(lines.FinishAll().out, "");
}

TEST(TaskRanges, BitFmtForm) {
  EXPECT_EQ(TaskRanges({0}), "0");
  EXPECT_EQ(TaskRanges({3, 1, 2, 0}), "0-3");
  EXPECT_EQ(TaskRanges({0, 1, 2, 3, 5, 7, 8}), "0-3,5,7-8");
  EXPECT_EQ(TaskRanges({4, 4}), "4");
}

TaskExit Exit(uint32_t task, const std::string& node, int code, int signal = 0) {
  TaskExit exit;
  exit.task = task;
  exit.node = node;
  exit.exit_code = code;
  exit.signal = signal;
  return exit;
}

TEST(ExitReport, AllCleanIsZeroAndSilent) {
  ExitReport report;
  EXPECT_EQ(report.Add({Exit(0, "n1", 0), Exit(1, "n1", 0)}), "");
  EXPECT_EQ(report.ExitCode(), 0);
  EXPECT_FALSE(report.AnyAbnormal());
}

TEST(ExitReport, NothingRecordedIsAnError) { EXPECT_EQ(ExitReport().ExitCode(), 1); }

TEST(ExitReport, GroupsTasksByNodeAndOutcome) {
  ExitReport report;
  std::string text = report.Add({Exit(0, "node01", 1), Exit(1, "node01", 1), Exit(2, "node01", 1),
                                 Exit(3, "node01", 1), Exit(5, "node01", 1), Exit(4, "node01", 0)});
  EXPECT_EQ(text, "srun: error: node01: tasks 0-3,5: Exited with exit code 1\n");
  EXPECT_EQ(report.Add({Exit(6, "node02", 3)}), "srun: error: node02: task 6: Exited with exit code 3\n");
  EXPECT_EQ(report.Add({Exit(7, "node02", 2), Exit(8, "node02", 5)}),
            "srun: error: node02: task 7: Exited with exit code 2\n"
            "srun: error: node02: task 8: Exited with exit code 5\n");
  EXPECT_TRUE(report.AnyAbnormal());
  EXPECT_EQ(report.ExitCode(), 5);  // the highest exit code
}

TEST(ExitReport, SignalsUseStrsignalText) {
  ExitReport report;
  EXPECT_EQ(report.Add({Exit(1, "node02", 0, SIGKILL)}), "srun: error: node02: task 1: Killed\n");
  EXPECT_EQ(report.Add({Exit(2, "node02", 0, SIGTERM), Exit(3, "node02", 0, SIGTERM)}),
            "srun: error: node02: tasks 2-3: Terminated\n");
  TaskExit core = Exit(4, "node03", 0, SIGSEGV);
  core.core_dumped = true;
  EXPECT_EQ(report.Add({core}), "srun: error: node03: task 4: Segmentation fault (core dumped)\n");
  EXPECT_EQ(report.ExitCode(), 128 + SIGTERM);  // the highest signal: 15 > 11 > 9
}

TEST(ExitReport, SignalOutranksExitCodes) {
  ExitReport report;
  report.Add({Exit(0, "n1", 200)});
  report.Add({Exit(1, "n1", 0, SIGINT)});
  report.Add({Exit(2, "n1", 250)});
  EXPECT_EQ(report.ExitCode(), 128 + SIGINT);
  ExitReport exits_only;
  exits_only.Add({Exit(0, "n1", 0)});
  exits_only.Add({Exit(1, "n1", 7)});
  exits_only.Add({Exit(2, "n1", 0)});
  EXPECT_EQ(exits_only.ExitCode(), 7);
}

TEST(ExitReport, OutOfMemoryOutranksEverythingAndPrintsOnce) {
  ExitReport report;
  TaskExit oom = Exit(0, "n1", 0, SIGKILL);
  oom.out_of_memory = true;
  EXPECT_EQ(report.Add({oom}), "srun: error: n1: task 0: Out Of Memory\n");
  oom.task = 1;
  EXPECT_EQ(report.Add({oom}), "");
  report.Add({Exit(2, "n1", 0, SIGTERM)});
  EXPECT_EQ(report.ExitCode(), 253);
}

TEST(ExitReport, CancelledStepReportsNoSignalDeaths) {
  ExitReport report;
  report.MarkCancelled();
  EXPECT_EQ(report.Add({Exit(0, "n1", 0, SIGKILL)}), "");
  EXPECT_EQ(report.Add({Exit(1, "n1", 4)}), "srun: error: n1: task 1: Exited with exit code 4\n");
  EXPECT_EQ(report.ExitCode(), 128 + SIGKILL);
}

TEST(ExitReport, LaunchFailureLine) {
  EXPECT_EQ(TaskLaunchFailedLine(12, 0, "node02", "Invalid job credential"),
            "srun: error: Task launch for StepId=12.0 failed on node node02: Invalid job credential\n");
}

}  // namespace
}  // namespace bramble::cli
