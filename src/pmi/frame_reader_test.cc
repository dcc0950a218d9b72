// Tests for splitting a task's byte stream into lines and PMI-2 messages.
#include "pmi/frame_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pmi/pmi1_codec.h"
#include "pmi/test_client.h"

namespace bramble::pmi {
namespace {

// Appends `bytes` and returns the frames now complete; fails the test on error.
std::vector<std::string> Frames(FrameReader& reader, std::string_view bytes) {
  reader.Append(bytes);
  std::vector<std::string> frames;
  while (true) {
    Result<std::optional<std::string>> frame = reader.Next();
    EXPECT_TRUE(frame.has_value()) << frame.status().message();
    if (!frame || !frame->has_value()) return frames;
    frames.push_back(**frame);
  }
}

TEST(FrameReader, LinesArriveWhole) {
  FrameReader reader;
  EXPECT_EQ(Frames(reader, "cmd=get_maxes\ncmd=get_appnum\n"),
            std::vector<std::string>({"cmd=get_maxes", "cmd=get_appnum"}));
  EXPECT_EQ(reader.buffered_bytes(), 0u);
}

TEST(FrameReader, LineSplitAcrossReads) {
  FrameReader reader;
  EXPECT_TRUE(Frames(reader, "cmd=get_").empty());
  EXPECT_TRUE(Frames(reader, "maxes").empty());
  EXPECT_EQ(Frames(reader, "\ncmd=ba"), std::vector<std::string>({"cmd=get_maxes"}));
  EXPECT_EQ(Frames(reader, "rrier_in\n"), std::vector<std::string>({"cmd=barrier_in"}));
}

TEST(FrameReader, LineOfExactlyTheLimitIsAccepted) {
  FrameReader reader;
  std::string line = "cmd=put key=k value=" + std::string(kPmi1MaxLineBytes - 21, 'v') + "\n";
  ASSERT_EQ(line.size(), kPmi1MaxLineBytes);
  EXPECT_EQ(Frames(reader, line).size(), 1u);
}

TEST(FrameReader, OverlongLineFailsBeforeItsNewlineArrives) {
  FrameReader reader;
  reader.Append(std::string(kPmi1MaxLineBytes, 'x'));
  Result<std::optional<std::string>> frame = reader.Next();
  EXPECT_FALSE(frame.has_value());
  // The reader stays failed: no resynchronising on junk.
  reader.Append("\ncmd=get_maxes\n");
  EXPECT_FALSE(reader.Next().has_value());
}

TEST(FrameReader, SwitchesToLengthPrefixedAfterTheInitLine) {
  FrameReader reader;
  std::string fullinit = testing::Mpich40Message("cmd=fullinit;pmirank=0;threaded=FALSE;");
  reader.Append("cmd=init pmi_version=2 pmi_subversion=0\n" + fullinit.substr(0, 10));
  Result<std::optional<std::string>> init = reader.Next();
  ASSERT_TRUE(init.has_value() && init->has_value());
  EXPECT_EQ(**init, "cmd=init pmi_version=2 pmi_subversion=0");
  reader.SwitchToLengthPrefixed();
  EXPECT_TRUE(Frames(reader, "").empty());
  std::vector<std::string> frames = Frames(reader, fullinit.substr(10));
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0], fullinit.substr(6));  // the declared length, padding included
}

TEST(FrameReader, SeveralMessagesInOneRead) {
  FrameReader reader;
  reader.SwitchToLengthPrefixed();
  std::vector<std::string> frames =
      Frames(reader, testing::Mpich41Message("cmd=job-getid;") + testing::Mpich41Message("cmd=kvs-fence;"));
  EXPECT_EQ(frames, std::vector<std::string>({"cmd=job-getid;", "cmd=kvs-fence;"}));
}

TEST(FrameReader, BadLengthFieldFails) {
  FrameReader reader;
  reader.SwitchToLengthPrefixed();
  reader.Append("cmd=kvs-get;key=a;");
  EXPECT_FALSE(reader.Next().has_value());
}

TEST(FrameReader, OversizedLengthFailsWithoutWaitingForTheBody) {
  FrameReader reader;
  reader.SwitchToLengthPrefixed();
  reader.Append("99999 cmd=");
  EXPECT_FALSE(reader.Next().has_value());
}

}  // namespace
}  // namespace bramble::pmi
