// Serializing squeue's answer in place; see jobs_reply.h.
#include "controller/jobs_reply.h"

#include <google/protobuf/io/coded_stream.h>

#include <cstring>

namespace bramble::controller {
namespace {

using google::protobuf::io::CodedOutputStream;

// A field's tag: its number and wire type (protobuf's encoding guide).
constexpr uint32_t kWireVarint = 0;
constexpr uint32_t kWireLengthDelimited = 2;
constexpr uint32_t Tag(int field_number, uint32_t wire_type) {
  return (static_cast<uint32_t>(field_number) << 3) | wire_type;
}

uint8_t* At(std::string& out, size_t offset) { return reinterpret_cast<uint8_t*>(out.data() + offset); }

// Appends field `field_number` holding `size` bytes of a message whose
// bytes `write` puts at the pointer it is given.
template <typename Write>
void AppendLengthDelimited(std::string& out, int field_number, size_t size, Write write) {
  const uint32_t tag = Tag(field_number, kWireLengthDelimited);
  const uint32_t length = static_cast<uint32_t>(size);
  size_t at = out.size();
  out.resize(at + CodedOutputStream::VarintSize32(tag) + CodedOutputStream::VarintSize32(length) + size);
  uint8_t* p = CodedOutputStream::WriteTagToArray(tag, At(out, at));
  p = CodedOutputStream::WriteVarint32ToArray(length, p);
  write(p);
}

}  // namespace

void JobsReplyWriter::Add(const proto::JobRecord& record) {
  // ByteSizeLong caches the sizes that SerializeWithCachedSizesToArray uses.
  AppendLengthDelimited(jobs_, proto::JobsReply::kJobsFieldNumber, record.ByteSizeLong(),
                        [&record](uint8_t* p) { record.SerializeWithCachedSizesToArray(p); });
}

void JobsReplyWriter::AddSerialized(std::string_view record) {
  AppendLengthDelimited(jobs_, proto::JobsReply::kJobsFieldNumber, record.size(),
                        [record](uint8_t* p) { std::memcpy(p, record.data(), record.size()); });
}

std::string JobsReplyWriter::Finish(int64_t now) && {
  if (now != 0) {  // proto3 leaves a zero out
    const uint32_t tag = Tag(proto::JobsReply::kNowFieldNumber, kWireVarint);
    size_t at = jobs_.size();
    jobs_.resize(at + CodedOutputStream::VarintSize32(tag) + CodedOutputStream::VarintSize64(static_cast<uint64_t>(now)));
    uint8_t* p = CodedOutputStream::WriteTagToArray(tag, At(jobs_, at));
    CodedOutputStream::WriteVarint64ToArray(static_cast<uint64_t>(now), p);
  }
  std::string response;
  response.reserve(jobs_.size() + 16);
  AppendLengthDelimited(response, proto::Response::kJobsFieldNumber, jobs_.size(),
                        [this](uint8_t* p) { std::memcpy(p, jobs_.data(), jobs_.size()); });
  return response;
}

}  // namespace bramble::controller
