// The AllocateJob a job's nodes hold it by: the controller sends it, and a
// batch host makes the same one from its LaunchJob.
#pragma once

#include "proto/bramble.pb.h"

namespace bramble {

proto::AllocateJob AllocationOf(const proto::JobRecord& job);

}  // namespace bramble
