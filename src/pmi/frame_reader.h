// Splits one task's PMI byte stream into frames, whatever the read sizes:
// '\n'-terminated lines (PMI-1, and every connection's init line) until the
// connection switches to PMI-2's length-prefixed messages.
//
// Memory is bounded: a partial frame longer than the protocol allows is an
// error as soon as it is seen, so the buffer holds at most one maximal frame
// plus what the last Append added.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bramble::pmi {

class FrameReader {
 public:
  // Adds bytes read from the task; call Next until it returns no frame.
  void Append(std::string_view bytes);

  // The next complete frame: a line without its '\n', or a PMI-2 body of the
  // declared length (still padded, see pmi2_codec.h). Returns nullopt when
  // more bytes are needed, and an error when the stream can no longer be PMI
  // (a line over kPmi1MaxLineBytes, a bad length field); the reader then
  // stays failed.
  Result<std::optional<std::string>> Next();

  // Bytes after the current position are PMI-2 messages from now on.
  void SwitchToLengthPrefixed() { length_prefixed_ = true; }

  size_t buffered_bytes() const { return buffer_.size() - start_; }

 private:
  Result<std::optional<std::string>> NextLine();
  Result<std::optional<std::string>> NextMessage();

  std::string buffer_;
  size_t start_ = 0;  // bytes before start_ were handed out already
  bool length_prefixed_ = false;
  Status failure_;
};

}  // namespace bramble::pmi
