// Tests for DecayUsage and ComputeFairShare: worked sshare examples of the
// Fair Tree rules (Level FS, rank / N, ties sharing a rank), the edges (no
// usage, no shares, bad usage), and randomized properties over thousands of
// association sets (fixed seed) checked against an oracle that ranks users by
// exact integer cross-multiplication of shares and usage.
#include "sched/fair_share.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace bramble::sched {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

std::map<std::string, FairShareRow> ByUser(const std::vector<FairShareRow>& rows) {
  std::map<std::string, FairShareRow> by_user;
  for (const FairShareRow& row : rows) by_user[row.user] = row;
  return by_user;
}

TEST(FairShareDecayTest, HalvesAtOneHalfLife) {
  EXPECT_EQ(DecayUsage(1000, 3600, 3600), 500);
  EXPECT_EQ(DecayUsage(1000, 7200, 3600), 250);
  EXPECT_DOUBLE_EQ(DecayUsage(1000, 1800, 3600), 1000 / std::sqrt(2.0));
}

TEST(FairShareDecayTest, ZeroHalfLifeOrNoTimeMeansNoDecay) {
  EXPECT_EQ(DecayUsage(1234.5, 86400, 0), 1234.5);
  EXPECT_EQ(DecayUsage(1234.5, 86400, -5), 1234.5);
  EXPECT_EQ(DecayUsage(1234.5, 0, 3600), 1234.5);
  EXPECT_EQ(DecayUsage(1234.5, -3600, 3600), 1234.5);  // a clock step back never grows usage
}

TEST(FairShareDecayTest, CloseToSlurmsPerSecondFactor) {
  const int64_t half_life_s = 7 * 24 * 3600;  // PriorityDecayHalfLife default 7-0
  double slurm = std::pow(1 - 0.693 / half_life_s, static_cast<double>(half_life_s));
  EXPECT_NEAR(DecayUsage(1, half_life_s, half_life_s), slurm, 1e-4);
}

// sshare -l for four users under root: a has not run, b and c used the same
// but c holds twice the shares, d holds none.
TEST(FairShareTest, WorkedExample) {
  auto rows = ComputeFairShare({{"c", 2, 100}, {"a", 1, 0}, {"d", 0, 50}, {"b", 1, 100}});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].user, "a");
  EXPECT_EQ(rows[3].user, "d");
  auto u = ByUser(rows);
  EXPECT_DOUBLE_EQ(u["a"].norm_shares, 0.25);
  EXPECT_DOUBLE_EQ(u["c"].norm_shares, 0.5);
  EXPECT_DOUBLE_EQ(u["d"].norm_shares, 0.0);
  EXPECT_DOUBLE_EQ(u["b"].effective_usage, 0.4);  // 100 of 250
  EXPECT_DOUBLE_EQ(u["d"].effective_usage, 0.2);
  EXPECT_EQ(u["a"].effective_usage, 0.0);
  EXPECT_EQ(u["a"].level_fs, kInf);
  EXPECT_DOUBLE_EQ(u["c"].level_fs, 1.25);
  EXPECT_DOUBLE_EQ(u["b"].level_fs, 0.625);
  EXPECT_EQ(u["d"].level_fs, 0.0);
  EXPECT_EQ(u["a"].fair_share, 1.0);   // rank 4 of 4
  EXPECT_EQ(u["c"].fair_share, 0.75);  // rank 3
  EXPECT_EQ(u["b"].fair_share, 0.5);   // rank 2
  EXPECT_EQ(u["d"].fair_share, 0.0);   // no shares
  EXPECT_EQ(u["b"].raw_shares, 1u);
  EXPECT_EQ(u["b"].raw_usage, 100.0);
}

TEST(FairShareTest, TiedUsersShareARankAndTheNextSkipsPastThem) {
  auto u = ByUser(ComputeFairShare({{"a", 1, 10}, {"b", 1, 10}, {"c", 1, 20}, {"d", 1, 0}}));
  EXPECT_EQ(u["d"].fair_share, 1.0);   // rank 4
  EXPECT_EQ(u["a"].fair_share, 0.75);  // rank 3
  EXPECT_EQ(u["b"].fair_share, 0.75);  // tied: rank 3
  EXPECT_EQ(u["c"].fair_share, 0.25);  // rank 1, not 2
}

TEST(FairShareTest, MathematicallyEqualLevelFsTies) {
  // 1/10 and 3/30 of the usage per share: the same Level FS.
  auto u = ByUser(ComputeFairShare({{"a", 1, 10}, {"b", 3, 30}, {"c", 1, 7}}));
  EXPECT_EQ(u["a"].fair_share, u["b"].fair_share);
  EXPECT_DOUBLE_EQ(u["a"].fair_share, 2.0 / 3);
  EXPECT_DOUBLE_EQ(u["c"].fair_share, 1.0);
}

TEST(FairShareTest, NoUsageAnywhereTiesEveryoneAtOne) {
  auto rows = ComputeFairShare({{"a", 1, 0}, {"b", 5, 0}, {"c", 2, 0}});
  for (const FairShareRow& row : rows) {
    EXPECT_EQ(row.fair_share, 1.0) << row.user;
    EXPECT_EQ(row.effective_usage, 0.0) << row.user;
    EXPECT_EQ(row.level_fs, kInf) << row.user;
  }
}

TEST(FairShareTest, ZeroSharesRankBelowEveryUserWithShares) {
  // b has used everything, z nothing; z still ranks below b and counts in N.
  auto u = ByUser(ComputeFairShare({{"a", 1, 0}, {"b", 1, 1000}, {"z", 0, 0}}));
  EXPECT_EQ(u["a"].fair_share, 1.0);
  EXPECT_DOUBLE_EQ(u["b"].fair_share, 2.0 / 3);
  EXPECT_EQ(u["z"].fair_share, 0.0);
  EXPECT_EQ(u["z"].level_fs, 0.0);
}

TEST(FairShareTest, AllZeroSharesGiveZeroEverywhere) {
  auto rows = ComputeFairShare({{"a", 0, 10}, {"b", 0, 0}});
  for (const FairShareRow& row : rows) {
    EXPECT_EQ(row.norm_shares, 0.0) << row.user;
    EXPECT_EQ(row.fair_share, 0.0) << row.user;
  }
}

TEST(FairShareTest, SingleUserGetsOne) {
  auto rows = ComputeFairShare({{"alice", 3, 12345}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].norm_shares, 1.0);
  EXPECT_EQ(rows[0].effective_usage, 1.0);
  EXPECT_EQ(rows[0].level_fs, 1.0);
  EXPECT_EQ(rows[0].fair_share, 1.0);
}

TEST(FairShareTest, EmptyInputGivesNoRows) { EXPECT_TRUE(ComputeFairShare({}).empty()); }

TEST(FairShareTest, RowsSortedByUserKeepingDuplicatesInInputOrder) {
  auto rows = ComputeFairShare({{"zed", 1, 5}, {"amy", 2, 1}, {"bob", 1, 1}, {"amy", 1, 9}});
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].user, "amy");
  EXPECT_EQ(rows[0].raw_shares, 2u);
  EXPECT_EQ(rows[1].user, "amy");
  EXPECT_EQ(rows[1].raw_shares, 1u);
  EXPECT_EQ(rows[2].user, "bob");
  EXPECT_EQ(rows[3].user, "zed");
}

TEST(FairShareTest, BadUsageCountsAsNone) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto u = ByUser(ComputeFairShare({{"a", 1, -50}, {"b", 1, nan}, {"c", 1, kInf}, {"d", 1, 10}}));
  for (const char* name : {"a", "b", "c"}) {
    EXPECT_EQ(u[name].raw_usage, 0.0) << name;
    EXPECT_EQ(u[name].fair_share, 1.0) << name;
  }
  EXPECT_EQ(u["d"].effective_usage, 1.0);
  EXPECT_EQ(u["d"].fair_share, 0.25);
}

// Random association sets. Usage is whole CPU-seconds so the oracle can
// compare shares/usage ratios exactly; small values make ties common.
class FairShareGenerator {
 public:
  explicit FairShareGenerator(uint32_t seed) : rng_(seed) {}

  std::vector<UserUsage> Users() {
    std::vector<UserUsage> users;
    int count = static_cast<int>(Between(1, 12));
    for (int i = 0; i < count; ++i) users.push_back(User("u" + std::to_string(i)));
    return users;
  }

  UserUsage User(std::string name) {
    UserUsage u;
    u.user = std::move(name);
    u.raw_shares = Chance(0.1) ? 0 : static_cast<uint32_t>(Chance(0.5) ? Between(1, 3) : Between(1, 1000));
    u.raw_usage = Chance(0.2) ? 0 : static_cast<double>(Chance(0.4) ? 10 * Between(1, 4) : Between(1, 1000000000));
    return u;
  }

  int64_t Between(int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(rng_);
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::mt19937_64 rng_;
};

// Whether `a` is strictly less served than `b` under Fair Tree: a higher Level
// FS, compared as shares_a * usage_b > shares_b * usage_a in integers.
bool LessServed(const UserUsage& a, const UserUsage& b) {
  if (a.raw_shares == 0) return false;
  if (b.raw_shares == 0) return true;
  auto usage_a = static_cast<uint64_t>(a.raw_usage), usage_b = static_cast<uint64_t>(b.raw_usage);
  if (usage_a == 0) return usage_b != 0;
  if (usage_b == 0) return false;
  return a.raw_shares * usage_b > b.raw_shares * usage_a;
}

// The factor Fair Tree gives `users[i]`: (N - number strictly less served) / N.
double OracleFactor(const std::vector<UserUsage>& users, size_t i) {
  if (users[i].raw_shares == 0) return 0;
  size_t above = 0;
  for (const UserUsage& other : users) above += LessServed(other, users[i]) ? 1 : 0;
  return static_cast<double>(users.size() - above) / static_cast<double>(users.size());
}

constexpr uint32_t kSeed = 20240612;
constexpr int kCases = 5000;

TEST(FairSharePropertyTest, MatchesTheExactRankOracle) {
  FairShareGenerator gen(kSeed);
  for (int c = 0; c < kCases; ++c) {
    auto users = gen.Users();
    auto rows = ByUser(ComputeFairShare(users));
    for (size_t i = 0; i < users.size(); ++i) {
      ASSERT_EQ(rows[users[i].user].fair_share, OracleFactor(users, i))
          << "case " << c << " user " << users[i].user;
    }
  }
}

TEST(FairSharePropertyTest, ColumnsStayInUnitRangeAndNormalize) {
  FairShareGenerator gen(kSeed + 1);
  for (int c = 0; c < kCases; ++c) {
    auto users = gen.Users();
    auto rows = ComputeFairShare(users);
    ASSERT_EQ(rows.size(), users.size());
    double shares = 0, usage = 0, best = 0;
    bool any_shares = false, any_usage = false;
    for (const FairShareRow& row : rows) {
      for (double v : {row.norm_shares, row.effective_usage, row.fair_share}) {
        ASSERT_GE(v, 0.0) << "case " << c;
        ASSERT_LE(v, 1.0) << "case " << c;
      }
      ASSERT_GE(row.level_fs, 0.0) << "case " << c;
      shares += row.norm_shares;
      usage += row.effective_usage;
      best = std::max(best, row.fair_share);
      any_shares |= row.raw_shares > 0;
      any_usage |= row.raw_usage > 0;
    }
    if (any_shares) {
      ASSERT_NEAR(shares, 1.0, 1e-12) << "case " << c;
      ASSERT_EQ(best, 1.0) << "case " << c;  // the least-served user gets 1.0
    }
    if (any_usage) {
      ASSERT_NEAR(usage, 1.0, 1e-12) << "case " << c;
    }
  }
}

TEST(FairSharePropertyTest, MoreUsageNeverRaisesAUsersFactorNorLowersOthers) {
  FairShareGenerator gen(kSeed + 2);
  for (int c = 0; c < kCases; ++c) {
    auto users = gen.Users();
    auto before = ByUser(ComputeFairShare(users));
    size_t who = static_cast<size_t>(gen.Between(0, static_cast<int64_t>(users.size()) - 1));
    users[who].raw_usage += static_cast<double>(gen.Between(1, 1000000000));
    auto after = ByUser(ComputeFairShare(users));
    for (const UserUsage& u : users) {
      if (u.user == users[who].user) {
        ASSERT_LE(after[u.user].fair_share, before[u.user].fair_share) << "case " << c;
      } else {
        ASSERT_GE(after[u.user].fair_share, before[u.user].fair_share) << "case " << c;
      }
    }
  }
}

TEST(FairSharePropertyTest, EqualUsageAndSharesGiveEqualFactors) {
  FairShareGenerator gen(kSeed + 3);
  for (int c = 0; c < kCases; ++c) {
    auto users = gen.Users();
    UserUsage twin = users[static_cast<size_t>(gen.Between(0, static_cast<int64_t>(users.size()) - 1))];
    std::string original = twin.user;
    twin.user += "twin";
    users.push_back(twin);
    auto rows = ByUser(ComputeFairShare(users));
    ASSERT_EQ(rows[twin.user].fair_share, rows[original].fair_share) << "case " << c;
    ASSERT_EQ(rows[twin.user].level_fs, rows[original].level_fs) << "case " << c;
  }
}

TEST(FairSharePropertyTest, LessUsageRelativeToSharesOrdersFirst) {
  FairShareGenerator gen(kSeed + 4);
  int strict = 0;
  for (int c = 0; c < kCases; ++c) {
    auto users = gen.Users();
    auto rows = ByUser(ComputeFairShare(users));
    for (const UserUsage& a : users) {
      for (const UserUsage& b : users) {
        if (!LessServed(a, b)) continue;
        if (a.raw_shares > 0) {
          ASSERT_GT(rows[a.user].fair_share, rows[b.user].fair_share)
              << "case " << c << " " << a.user << " " << b.user;
          ++strict;
        }
        if (rows[a.user].level_fs != kInf) {
          ASSERT_GT(rows[a.user].level_fs, rows[b.user].level_fs) << "case " << c;
        }
      }
    }
  }
  EXPECT_GT(strict, kCases);  // the generator makes many ordered pairs
}

TEST(FairSharePropertyTest, InputOrderDoesNotMatter) {
  FairShareGenerator gen(kSeed + 5);
  for (int c = 0; c < kCases; ++c) {
    auto users = gen.Users();
    auto rows = ComputeFairShare(users);
    std::shuffle(users.begin(), users.end(), gen.rng());
    auto shuffled = ComputeFairShare(users);
    ASSERT_EQ(shuffled.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(shuffled[i].user, rows[i].user) << "case " << c;
      ASSERT_EQ(shuffled[i].effective_usage, rows[i].effective_usage) << "case " << c;
      ASSERT_EQ(shuffled[i].fair_share, rows[i].fair_share) << "case " << c;
    }
  }
}

TEST(FairSharePropertyTest, DecayHalvesPerHalfLifeComposesAndNeverGrows) {
  FairShareGenerator gen(kSeed + 6);
  for (int c = 0; c < kCases; ++c) {
    double usage = static_cast<double>(gen.Between(0, 1000000000000));
    int64_t half_life_s = gen.Between(1, 30 * 24 * 3600);
    int64_t t1 = gen.Between(0, 60 * 24 * 3600), t2 = gen.Between(0, 60 * 24 * 3600);
    ASSERT_NEAR(DecayUsage(usage, half_life_s, half_life_s), usage / 2, usage * 1e-12) << "case " << c;
    ASSERT_NEAR(DecayUsage(DecayUsage(usage, t1, half_life_s), t2, half_life_s),
                DecayUsage(usage, t1 + t2, half_life_s), usage * 1e-12) << "case " << c;
    ASSERT_LE(DecayUsage(usage, t1 + t2, half_life_s), DecayUsage(usage, t1, half_life_s)) << "case " << c;
    ASSERT_LE(DecayUsage(usage, t1, half_life_s), usage) << "case " << c;
  }
}

}  // namespace
}  // namespace bramble::sched
