#include "auth/step_grant.h"

#include <gtest/gtest.h>

namespace bramble::auth {
namespace {

const std::string kSecret(32, 'k');

proto::StepLayout Layout() {
  proto::StepLayout layout;
  layout.set_job_id(7);
  layout.set_step_id(2);
  layout.set_uid(1000);
  layout.add_nodes("node01");
  layout.add_tasks_per_node(4);
  layout.set_expires_at(1000);
  return layout;
}

TEST(StepGrantTest, SignedLayoutVerifiesAndComesBackWhole) {
  auto layout = VerifyStepGrant(kSecret, SignStepGrant(kSecret, Layout()), 999);
  ASSERT_TRUE(layout.has_value()) << layout.error().message();
  EXPECT_EQ(layout->job_id(), 7u);
  EXPECT_EQ(layout->step_id(), 2u);
  EXPECT_EQ(layout->uid(), 1000u);
  EXPECT_EQ(layout->nodes(0), "node01");
}

TEST(StepGrantTest, AnAlteredLayoutIsRefused) {
  proto::StepGrant grant = SignStepGrant(kSecret, Layout());
  proto::StepLayout changed = Layout();
  changed.set_uid(0);  // a user trying to run the step as root
  grant.set_layout(changed.SerializeAsString());
  auto layout = VerifyStepGrant(kSecret, grant, 999);
  ASSERT_FALSE(layout.has_value());
  EXPECT_EQ(layout.error().message(), "bad step grant signature");
}

TEST(StepGrantTest, AnotherSecretIsRefused) {
  auto layout = VerifyStepGrant(std::string(32, 'x'), SignStepGrant(kSecret, Layout()), 999);
  ASSERT_FALSE(layout.has_value());
  EXPECT_EQ(layout.error().code(), Code::kUnauthenticated);
}

TEST(StepGrantTest, AnExpiredGrantIsRefused) {
  auto layout = VerifyStepGrant(kSecret, SignStepGrant(kSecret, Layout()), 1001);
  ASSERT_FALSE(layout.has_value());
  EXPECT_EQ(layout.error().message(), "step grant expired");
}

TEST(StepGrantTest, GarbageWithAValidMacIsRefusedAsMalformed) {
  proto::StepGrant grant;
  grant.set_layout("\xff\xff\xff garbage");
  grant.set_mac(SignStepGrant(kSecret, Layout()).mac());
  EXPECT_FALSE(VerifyStepGrant(kSecret, grant, 0).has_value());
}

}  // namespace
}  // namespace bramble::auth
