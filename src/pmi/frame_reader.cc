// Line and length-prefixed framing of a task's PMI stream.
#include "pmi/frame_reader.h"

#include "pmi/pmi1_codec.h"
#include "pmi/pmi2_codec.h"

namespace bramble::pmi {

void FrameReader::Append(std::string_view bytes) {
  buffer_.erase(0, start_);
  start_ = 0;
  buffer_.append(bytes);
}

Result<std::optional<std::string>> FrameReader::Next() {
  if (!failure_.ok()) return failure_;
  Result<std::optional<std::string>> frame = length_prefixed_ ? NextMessage() : NextLine();
  if (!frame) failure_ = frame.error();
  return frame;
}

Result<std::optional<std::string>> FrameReader::NextLine() {
  std::string_view pending = std::string_view(buffer_).substr(start_);
  size_t newline = pending.find('\n');
  // Without a newline yet, the line is at least one byte longer than what is here.
  size_t line_bytes = newline == std::string_view::npos ? pending.size() + 1 : newline + 1;
  if (line_bytes > kPmi1MaxLineBytes) {
    return InvalidArgument("line longer than " + std::to_string(kPmi1MaxLineBytes) + " bytes");
  }
  if (newline == std::string_view::npos) return std::optional<std::string>();
  start_ += line_bytes;
  return std::optional<std::string>(std::string(pending.substr(0, newline)));
}

Result<std::optional<std::string>> FrameReader::NextMessage() {
  std::string_view pending = std::string_view(buffer_).substr(start_);
  if (pending.size() < kPmi2LengthFieldBytes) return std::optional<std::string>();
  Result<size_t> length = ParsePmi2Length(pending.substr(0, kPmi2LengthFieldBytes));
  if (!length) return length.error();
  if (pending.size() < kPmi2LengthFieldBytes + *length) return std::optional<std::string>();
  start_ += kPmi2LengthFieldBytes + *length;
  return std::optional<std::string>(std::string(pending.substr(kPmi2LengthFieldBytes, *length)));
}

}  // namespace bramble::pmi
