// Step grants: the controller's signed word that a step may run. srun
// carries the grant to each node daemon of the step; the node trusts the
// layout inside because only holders of the cluster secret can make the MAC.
// The MAC covers the layout's bytes exactly as sent, so no canonical form is
// needed: the verifier parses the very bytes it checked.
#pragma once

#include <cstdint>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::auth {

proto::StepGrant SignStepGrant(std::string_view secret, const proto::StepLayout& layout);

// The layout, if the MAC is right and the grant has not expired at `now_s`.
// Failures are kUnauthenticated: "bad step grant signature", "step grant
// expired", "malformed step grant".
Result<proto::StepLayout> VerifyStepGrant(std::string_view secret, const proto::StepGrant& grant, int64_t now_s);

}  // namespace bramble::auth
