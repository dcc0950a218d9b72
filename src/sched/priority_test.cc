// Tests for ComputePriority, ComputeWeightedFactors and BasicPriority: worked
// examples of each factor's formula, the truncation of the priority against
// sprio's rounding of its columns, and randomized properties over thousands
// of jobs (fixed seed, so failures reproduce).
#include "sched/priority.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

namespace bramble::sched {
namespace {

constexpr int64_t kNow = 1700000000;
constexpr int64_t kDay = 24 * 3600;

PriorityCluster TenNodes() {
  PriorityCluster cluster;
  cluster.total_nodes = 10;
  cluster.total_cpus = 100;
  cluster.max_partition_job_factor = 4;
  return cluster;
}

PriorityWeights Weights() {
  PriorityWeights w;
  w.age = 1000;
  w.fair_share = 10000;
  w.job_size = 1000;
  w.partition = 1000;
  return w;
}

// Half of the maximum age, half the nodes, a fifth of the CPUs, the middle
// partition factor and a quarter of the fair-share factor.
PriorityJob MiddleJob() {
  PriorityJob job;
  job.job_id = 7;
  job.eligible_time = kNow - 7 * kDay / 2;
  job.nodes = 5;
  job.cpus = 20;
  job.partition_job_factor = 2;
  job.fair_share = 0.25;
  return job;
}

// A job whose only factor is age, for exact rounding checks: max age 400 s,
// weight `weight`, eligible `waited_s` ago.
PriorityFactors AgeOnly(uint32_t weight, int64_t waited_s, PriorityWeights* out = nullptr) {
  PriorityWeights w;
  w.age = weight;
  w.max_age_s = 400;
  PriorityJob job;
  job.eligible_time = kNow - waited_s;
  if (out) *out = w;
  return ComputePriority(job, TenNodes(), w, kNow);
}

TEST(PriorityTest, WorkedExampleFavoringLargeJobs) {
  PriorityFactors f = ComputePriority(MiddleJob(), TenNodes(), Weights(), kNow);
  EXPECT_DOUBLE_EQ(f.age, 0.5);
  EXPECT_DOUBLE_EQ(f.fair_share, 0.25);
  EXPECT_DOUBLE_EQ(f.job_size, (5.0 / 10 + 20.0 / 100) / 2);  // 0.35
  EXPECT_DOUBLE_EQ(f.partition, 0.5);
  EXPECT_EQ(f.nice, 0);
  EXPECT_EQ(f.priority, 500u + 2500u + 350u + 500u);
  WeightedFactors w = ComputeWeightedFactors(f, Weights());
  EXPECT_EQ(w.age, 500);
  EXPECT_EQ(w.fair_share, 2500);
  EXPECT_EQ(w.job_size, 350);
  EXPECT_EQ(w.partition, 500);
  EXPECT_EQ(w.nice, 0);
  EXPECT_EQ(w.priority, 3850u);
}

TEST(PriorityTest, FavorSmallMeasuresTheFreeRestOfTheCluster) {
  PriorityWeights weights = Weights();
  weights.favor_small = true;
  PriorityFactors f = ComputePriority(MiddleJob(), TenNodes(), weights, kNow);
  EXPECT_DOUBLE_EQ(f.job_size, (5.0 / 10 + 80.0 / 100) / 2);  // 0.65
  EXPECT_EQ(f.priority, 500u + 2500u + 650u + 500u);
}

TEST(PriorityTest, JobSizeByNodesOnlyWhenCpusAreUnknown) {
  PriorityJob job = MiddleJob();
  job.cpus = 0;
  job.nodes = 4;
  PriorityWeights weights = Weights();
  EXPECT_DOUBLE_EQ(ComputePriority(job, TenNodes(), weights, kNow).job_size, 0.4);
  weights.favor_small = true;
  EXPECT_DOUBLE_EQ(ComputePriority(job, TenNodes(), weights, kNow).job_size, 0.6);
}

TEST(PriorityTest, WholeClusterJobIsLargestAndSmallestIsNot) {
  PriorityJob job = MiddleJob();
  job.nodes = 10;
  job.cpus = 100;
  PriorityWeights weights = Weights();
  EXPECT_DOUBLE_EQ(ComputePriority(job, TenNodes(), weights, kNow).job_size, 1.0);
  weights.favor_small = true;
  EXPECT_DOUBLE_EQ(ComputePriority(job, TenNodes(), weights, kNow).job_size, 0.0);
}

TEST(PriorityTest, JobLargerThanTheClusterIsClampedAfterAveraging) {
  PriorityJob job = MiddleJob();
  job.nodes = 20;  // (20/10 + 10/100) / 2 = 1.05, as Slurm: clamped to 1
  job.cpus = 10;
  PriorityWeights weights = Weights();
  EXPECT_DOUBLE_EQ(ComputePriority(job, TenNodes(), weights, kNow).job_size, 1.0);
  job.nodes = 11;  // (11/10 + 10/100) / 2 = 0.6: no clamp of the node term alone
  EXPECT_NEAR(ComputePriority(job, TenNodes(), weights, kNow).job_size, 0.6, 1e-12);
  weights.favor_small = true;  // (-10/10 + 90/100) / 2 < 0, where Slurm's unsigned math wraps
  job.nodes = 20;
  EXPECT_DOUBLE_EQ(ComputePriority(job, TenNodes(), weights, kNow).job_size, 0.0);
}

TEST(PriorityTest, EmptyClusterGivesNoJobSize) {
  PriorityCluster cluster;
  PriorityFactors f = ComputePriority(MiddleJob(), cluster, Weights(), kNow);
  EXPECT_EQ(f.job_size, 0.0);
  cluster.total_nodes = 10;  // no CPU count: by nodes only
  EXPECT_DOUBLE_EQ(ComputePriority(MiddleJob(), cluster, Weights(), kNow).job_size, 0.5);
}

TEST(PriorityTest, AgeGrowsLinearlyToMaxAgeThenStays) {
  PriorityJob job = MiddleJob();
  const PriorityWeights weights = Weights();  // PriorityMaxAge 7 days
  job.eligible_time = kNow - kDay;
  EXPECT_DOUBLE_EQ(ComputePriority(job, TenNodes(), weights, kNow).age, 1.0 / 7);
  job.eligible_time = kNow - 7 * kDay;
  EXPECT_EQ(ComputePriority(job, TenNodes(), weights, kNow).age, 1.0);
  job.eligible_time = kNow - 30 * kDay;
  EXPECT_EQ(ComputePriority(job, TenNodes(), weights, kNow).age, 1.0);
}

TEST(PriorityTest, AgeIsZeroUntilEligible) {
  PriorityJob job = MiddleJob();
  job.eligible_time = kNow + 3600;
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).age, 0.0);
  job.eligible_time = kNow;
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).age, 0.0);
}

TEST(PriorityTest, ZeroMaxAgeGivesFullAgeOnceEligible) {
  PriorityWeights weights = Weights();
  weights.max_age_s = 0;
  PriorityJob job = MiddleJob();
  EXPECT_EQ(ComputePriority(job, TenNodes(), weights, kNow).age, 1.0);
  job.eligible_time = kNow + 1;
  EXPECT_EQ(ComputePriority(job, TenNodes(), weights, kNow).age, 0.0);
}

TEST(PriorityTest, FactorOfZeroWeightReadsZero) {
  PriorityWeights weights;  // all weights 0, as sprio -n shows such factors
  PriorityFactors f = ComputePriority(MiddleJob(), TenNodes(), weights, kNow);
  EXPECT_EQ(f.age, 0.0);
  EXPECT_EQ(f.fair_share, 0.0);
  EXPECT_EQ(f.job_size, 0.0);
  EXPECT_EQ(f.partition, 0.0);
  EXPECT_EQ(f.priority, 1u);  // never 0: that would mean held
}

TEST(PriorityTest, PartitionFactorIsRelativeToTheLargest) {
  PriorityJob job = MiddleJob();
  job.partition_job_factor = 3;
  EXPECT_DOUBLE_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).partition, 0.75);
  job.partition_job_factor = 0;
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).partition, 0.0);
  job.partition_job_factor = 9;  // above the stated maximum: clamped
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).partition, 1.0);
  PriorityCluster cluster = TenNodes();
  cluster.max_partition_job_factor = 0;
  EXPECT_EQ(ComputePriority(job, cluster, Weights(), kNow).partition, 0.0);
}

TEST(PriorityTest, FairShareOutsideUnitRangeIsClamped) {
  PriorityJob job = MiddleJob();
  job.fair_share = 1.5;
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).fair_share, 1.0);
  job.fair_share = -0.2;
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).fair_share, 0.0);
  job.fair_share = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).fair_share, 0.0);
}

TEST(PriorityTest, NiceIsSubtractedAndNegativeNiceAdded) {
  PriorityJob job = MiddleJob();
  job.nice = 100;
  PriorityFactors f = ComputePriority(job, TenNodes(), Weights(), kNow);
  EXPECT_EQ(f.priority, 3750u);
  EXPECT_EQ(f.nice, 100);
  EXPECT_EQ(ComputeWeightedFactors(f, Weights()).nice, 100);
  job.nice = -100;
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).priority, 3950u);
}

TEST(PriorityTest, LargeNiceClampsToOneNotZero) {
  PriorityJob job = MiddleJob();
  job.nice = 10000;
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).priority, 1u);
  job.nice = 2147483645;
  EXPECT_EQ(ComputePriority(job, TenNodes(), Weights(), kNow).priority, 1u);
}

TEST(PriorityTest, PriorityIsTruncatedWhileSprioRoundsHalfToEven) {
  PriorityWeights weights;
  PriorityFactors f = AgeOnly(10, 300, &weights);  // 0.75 * 10 = 7.5
  EXPECT_EQ(f.priority, 7u);
  EXPECT_EQ(ComputeWeightedFactors(f, weights).age, 8);
  f = AgeOnly(10, 100, &weights);  // 0.25 * 10 = 2.5
  EXPECT_EQ(f.priority, 2u);
  EXPECT_EQ(ComputeWeightedFactors(f, weights).age, 2);
  f = AgeOnly(10, 390, &weights);  // 0.975 * 10 = 9.75
  EXPECT_EQ(f.priority, 9u);
  EXPECT_EQ(ComputeWeightedFactors(f, weights).age, 10);
}

TEST(PriorityTest, SprioColumnsNeedNotAddUpToPriority) {
  PriorityWeights weights;
  weights.age = 3;
  weights.job_size = 3;
  weights.max_age_s = 400;
  PriorityJob job;
  job.eligible_time = kNow - 200;  // age 0.5 -> 1.5
  job.nodes = 5;                   // size 0.5 -> 1.5
  PriorityFactors f = ComputePriority(job, TenNodes(), weights, kNow);
  WeightedFactors w = ComputeWeightedFactors(f, weights);
  EXPECT_EQ(w.age, 2);
  EXPECT_EQ(w.job_size, 2);
  EXPECT_EQ(f.priority, 3u);
}

TEST(PriorityTest, PriorityIsCappedAt32Bits) {
  PriorityWeights weights;
  weights.age = weights.fair_share = weights.job_size = weights.partition = 0xffffffffu;
  PriorityJob job = MiddleJob();
  job.eligible_time = kNow - 30 * kDay;
  job.fair_share = 1;
  job.nodes = 10;
  job.cpus = 100;
  job.partition_job_factor = 4;
  EXPECT_EQ(ComputePriority(job, TenNodes(), weights, kNow).priority, 0xffffffffu);
}

TEST(PriorityBasicTest, CountsDownFromSlurmsTopPriority) {
  EXPECT_EQ(BasicPriority(0), 4294901760u);
  EXPECT_EQ(BasicPriority(1), 4294901759u);
  EXPECT_EQ(BasicPriority(2), 4294901758u);
  EXPECT_EQ(BasicPriority(1000), 4294900760u);
}

TEST(PriorityBasicTest, NeverBelowOne) {
  EXPECT_EQ(BasicPriority(4294901759u), 1u);
  EXPECT_EQ(BasicPriority(4294901760u), 1u);
  EXPECT_EQ(BasicPriority(0xffffffffu), 1u);
}

TEST(PriorityBasicTest, LaterJobsNeverRankHigher) {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<uint32_t> id(0, 0xffffffffu);
  for (int i = 0; i < 10000; ++i) {
    uint32_t a = id(rng), b = id(rng);
    if (a > b) std::swap(a, b);
    EXPECT_GE(BasicPriority(a), BasicPriority(b)) << a << " " << b;
    if (b < 4294901759u && a < b) {
      EXPECT_GT(BasicPriority(a), BasicPriority(b));
    }
    EXPECT_GE(BasicPriority(b), 1u);
  }
}

// Random jobs, clusters and weights, including inputs out of range.
class PriorityGenerator {
 public:
  explicit PriorityGenerator(uint32_t seed) : rng_(seed) {}

  PriorityCluster Cluster() {
    PriorityCluster c;
    c.total_nodes = Between(1, 64);
    c.total_cpus = c.total_nodes * Between(1, 128);
    c.max_partition_job_factor = Between(1, 100);
    return c;
  }

  PriorityWeights Weights() {
    PriorityWeights w;
    w.age = Chance(0.1) ? 0 : Between(1, 100000);
    w.fair_share = Chance(0.1) ? 0 : Between(1, 100000);
    w.job_size = Chance(0.1) ? 0 : Between(1, 100000);
    w.partition = Chance(0.1) ? 0 : Between(1, 100000);
    w.max_age_s = Chance(0.05) ? 0 : Between(60, 14 * kDay);
    w.favor_small = Chance(0.5);
    return w;
  }

  PriorityJob Job(const PriorityCluster& c) {
    PriorityJob j;
    j.job_id = Between(1, 1000000);
    j.eligible_time = kNow - Between(-kDay, 20 * kDay);
    j.nodes = Chance(0.05) ? c.total_nodes + Between(1, 10) : Between(0, c.total_nodes);
    j.cpus = Chance(0.1) ? 0 : Between(1, c.total_cpus + (Chance(0.05) ? 100 : 0));
    j.partition_job_factor = Between(0, c.max_partition_job_factor + (Chance(0.05) ? 5 : 0));
    j.nice = Chance(0.5) ? 0 : Between(-10000, 10000);
    j.fair_share = Chance(0.05) ? Uniform(-1, 2) : Uniform(0, 1);
    return j;
  }

  int64_t Between(int64_t low, int64_t high) {
    return std::uniform_int_distribution<int64_t>(low, high)(rng_);
  }
  double Uniform(double low, double high) {
    return std::uniform_real_distribution<double>(low, high)(rng_);
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

 private:
  std::mt19937_64 rng_;
};

constexpr uint32_t kSeed = 20240611;
constexpr int kCases = 20000;

TEST(PriorityPropertyTest, FactorsStayInUnitRangeAndPriorityAboveZero) {
  PriorityGenerator gen(kSeed);
  for (int i = 0; i < kCases; ++i) {
    PriorityCluster c = gen.Cluster();
    PriorityWeights w = gen.Weights();
    PriorityJob j = gen.Job(c);
    PriorityFactors f = ComputePriority(j, c, w, kNow);
    for (double factor : {f.age, f.fair_share, f.job_size, f.partition}) {
      ASSERT_GE(factor, 0.0) << "case " << i;
      ASSERT_LE(factor, 1.0) << "case " << i;
    }
    ASSERT_GE(f.priority, 1u) << "case " << i;
  }
}

TEST(PriorityPropertyTest, MoreAgeNeverLowersPriority) {
  PriorityGenerator gen(kSeed + 1);
  for (int i = 0; i < kCases; ++i) {
    PriorityCluster c = gen.Cluster();
    PriorityWeights w = gen.Weights();
    PriorityJob j = gen.Job(c);
    int64_t later = kNow + gen.Between(0, 10 * kDay);
    PriorityFactors before = ComputePriority(j, c, w, kNow);
    PriorityFactors after = ComputePriority(j, c, w, later);
    ASSERT_GE(after.age, before.age) << "case " << i;
    ASSERT_GE(after.priority, before.priority) << "case " << i;
  }
}

TEST(PriorityPropertyTest, NiceLowersPriorityByExactlyNiceUntilTheClamp) {
  PriorityGenerator gen(kSeed + 2);
  int exact = 0, clamped = 0;
  for (int i = 0; i < kCases; ++i) {
    PriorityCluster c = gen.Cluster();
    PriorityWeights w = gen.Weights();
    PriorityJob j = gen.Job(c);
    j.nice = 0;
    uint32_t base = ComputePriority(j, c, w, kNow).priority;
    j.nice = gen.Between(-10000, 10000);
    uint32_t niced = ComputePriority(j, c, w, kNow).priority;
    int64_t expected = static_cast<int64_t>(base) - j.nice;
    if (base >= 2 && expected >= 1) {
      ASSERT_EQ(niced, expected) << "case " << i << " nice " << j.nice;
      ++exact;
    } else if (expected <= 0) {
      ASSERT_EQ(niced, 1u) << "case " << i << " nice " << j.nice;
      ++clamped;
    }
    if (j.nice > 0) {
      ASSERT_LE(niced, base) << "case " << i;
    }
  }
  EXPECT_GT(exact, kCases / 2);  // the generator reaches both branches
  EXPECT_GT(clamped, 10);
}

TEST(PriorityPropertyTest, MoreFairShareNeverLowersPriority) {
  PriorityGenerator gen(kSeed + 3);
  for (int i = 0; i < kCases; ++i) {
    PriorityCluster c = gen.Cluster();
    PriorityWeights w = gen.Weights();
    PriorityJob j = gen.Job(c);
    uint32_t before = ComputePriority(j, c, w, kNow).priority;
    j.fair_share += gen.Uniform(0, 1);
    ASSERT_GE(ComputePriority(j, c, w, kNow).priority, before) << "case " << i;
  }
}

TEST(PriorityPropertyTest, BiggerJobsNeverGetSmallerSizeFactorWhenFavoringLarge) {
  PriorityGenerator gen(kSeed + 4);
  for (int i = 0; i < kCases; ++i) {
    PriorityCluster c = gen.Cluster();
    PriorityWeights w = gen.Weights();
    w.job_size = 1000;
    w.favor_small = false;
    PriorityJob j = gen.Job(c);
    double before = ComputePriority(j, c, w, kNow).job_size;
    PriorityJob bigger = j;
    bigger.nodes += static_cast<uint32_t>(gen.Between(0, 4));
    if (bigger.cpus > 0) bigger.cpus += static_cast<uint32_t>(gen.Between(0, 64));
    double after = ComputePriority(bigger, c, w, kNow).job_size;
    ASSERT_GE(after, before) << "case " << i;
    w.favor_small = true;
    ASSERT_LE(ComputePriority(bigger, c, w, kNow).job_size,
              ComputePriority(j, c, w, kNow).job_size) << "case " << i;
  }
}

TEST(PriorityPropertyTest, FavorSmallMirrorsFavorLarge) {
  PriorityGenerator gen(kSeed + 5);
  for (int i = 0; i < kCases; ++i) {
    PriorityCluster c = gen.Cluster();
    PriorityWeights w = gen.Weights();
    w.job_size = 1;
    PriorityJob j = gen.Job(c);
    w.favor_small = false;
    double large = ComputePriority(j, c, w, kNow).job_size;
    w.favor_small = true;
    double small = ComputePriority(j, c, w, kNow).job_size;
    ASSERT_NEAR(small, 1 - large, 1e-12) << "case " << i;
  }
}

TEST(PriorityPropertyTest, SprioColumnsAddUpWithinTheirRounding) {
  PriorityGenerator gen(kSeed + 6);
  for (int i = 0; i < kCases; ++i) {
    PriorityCluster c = gen.Cluster();
    PriorityWeights w = gen.Weights();
    PriorityJob j = gen.Job(c);
    PriorityFactors f = ComputePriority(j, c, w, kNow);
    if (f.priority == 1) continue;  // clamped: the columns may sum below 1
    WeightedFactors cols = ComputeWeightedFactors(f, w);
    int64_t columns = cols.age + cols.fair_share + cols.job_size + cols.partition - cols.nice;
    // Four columns each rounded by at most 0.5, the priority truncated by < 1.
    ASSERT_LE(std::llabs(columns - static_cast<int64_t>(f.priority)), 3) << "case " << i;
    ASSERT_EQ(cols.priority, f.priority);
    ASSERT_NEAR(static_cast<double>(cols.age), f.age * w.age, 0.5);
    ASSERT_NEAR(static_cast<double>(cols.fair_share), f.fair_share * w.fair_share, 0.5);
  }
}

}  // namespace
}  // namespace bramble::sched
