// See step_grant.h.
#include "auth/step_grant.h"

#include "auth/hmac.h"

namespace bramble::auth {
namespace {

// Domain separation: a credential's MAC input can never pass as a grant's.
constexpr char kDomainTag[] = "bramble-step-grant-v1";  // sizeof includes the NUL

std::string GrantMac(std::string_view secret, std::string_view layout_bytes) {
  std::string input(kDomainTag, sizeof kDomainTag);
  input.append(layout_bytes);
  return HmacSha256(secret, input);
}

}  // namespace

proto::StepGrant SignStepGrant(std::string_view secret, const proto::StepLayout& layout) {
  proto::StepGrant grant;
  grant.set_layout(layout.SerializeAsString());
  grant.set_mac(GrantMac(secret, grant.layout()));
  return grant;
}

Result<proto::StepLayout> VerifyStepGrant(std::string_view secret, const proto::StepGrant& grant, int64_t now_s) {
  if (!ConstantTimeEqual(GrantMac(secret, grant.layout()), grant.mac())) {
    return Unauthenticated("bad step grant signature");
  }
  proto::StepLayout layout;
  if (!layout.ParseFromString(grant.layout())) return Unauthenticated("malformed step grant");
  if (layout.expires_at() < now_s) return Unauthenticated("step grant expired");
  return layout;
}

}  // namespace bramble::auth
