// squeue's answer, Response{jobs: JobsReply{jobs, now}}, serialized straight
// from the records the controller keeps.
//
// Protobuf writes a message field as its tag, its length and the message's
// own bytes, so each record's serialization can be appended in place.
// Copying the records into a reply message first (a protobuf copy allocates
// every string and sub-message, and frees them after) was most of the
// controller's time per squeue of 500 jobs. The bytes parse as the Response
// that copying would have built (jobs_reply_test.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "proto/bramble.pb.h"

namespace bramble::controller {

class JobsReplyWriter {
 public:
  void Add(const proto::JobRecord& record);
  // A record already serialized (a finished job, job_table.h).
  void AddSerialized(std::string_view record);
  // The serialized Response; `now` is JobsReply.now.
  std::string Finish(int64_t now) &&;

 private:
  std::string jobs_;  // JobsReply's `jobs` fields so far
};

}  // namespace bramble::controller
