#include "auth/random_bytes.h"

#include <gtest/gtest.h>

#include <string>

namespace bramble::auth {
namespace {

TEST(FillRandomTest, FillsEveryByteAndNeverRepeats) {
  // 4096 bytes left all zero, or two equal draws of 32, would each be a
  // 2^-256-or-rarer event for a working source.
  std::string big(4096, '\0');
  ASSERT_TRUE(FillRandom(big.data(), big.size()).ok());
  EXPECT_NE(big.find_first_not_of('\0', 4064), std::string::npos) << "the tail was filled too";
  std::string a(32, '\0'), b(32, '\0');
  ASSERT_TRUE(FillRandom(a.data(), a.size()).ok());
  ASSERT_TRUE(FillRandom(b.data(), b.size()).ok());
  EXPECT_NE(a, b);
  EXPECT_TRUE(FillRandom(nullptr, 0).ok());
}

}  // namespace
}  // namespace bramble::auth
