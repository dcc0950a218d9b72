// Tests for job array specifications: every syntax form of sbatch --array,
// the errors Slurm gives, squeue's rendering of pending tasks, scancel's index
// lists, and generated round trips (fixed seed, so failures reproduce).
#include "common/array_spec.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace bramble {
namespace {

using Indices = std::vector<uint32_t>;

constexpr uint32_t kDefaultMax = 1001;  // Slurm's default MaxArraySize

ArraySpec Parse(std::string_view text, uint32_t max = kDefaultMax) {
  Result<ArraySpec> spec = ParseArraySpec(text, max);
  EXPECT_TRUE(spec.has_value()) << text << ": " << spec.status().message();
  return spec ? *spec : ArraySpec();
}

Indices Range(uint32_t first, uint32_t last, uint32_t step = 1) {
  Indices out;
  for (uint32_t i = first; i <= last; i += step) out.push_back(i);
  return out;
}

void ExpectInvalid(std::string_view text, uint32_t max = kDefaultMax) {
  Result<ArraySpec> spec = ParseArraySpec(text, max);
  ASSERT_FALSE(spec.has_value()) << "accepted '" << text << "'";
  EXPECT_EQ(spec.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(spec.error().message(), "Invalid job array specification") << text;
}

TEST(ParseArraySpec, Range) {
  ArraySpec spec = Parse("0-99");
  EXPECT_EQ(spec.indices, Range(0, 99));
  EXPECT_EQ(spec.throttle, 0u);
  EXPECT_EQ(spec.step, 1u);
  EXPECT_EQ(Parse("0-31").indices, Range(0, 31));
}

TEST(ParseArraySpec, List) {
  EXPECT_EQ(Parse("1,3,5").indices, Indices({1, 3, 5}));
  EXPECT_EQ(Parse("1,3,5,7").indices, Indices({1, 3, 5, 7}));
  EXPECT_EQ(Parse("5").indices, Indices({5}));
  EXPECT_EQ(Parse("0").indices, Indices({0}));
}

TEST(ParseArraySpec, Step) {
  ArraySpec spec = Parse("0-15:4");
  EXPECT_EQ(spec.indices, Indices({0, 4, 8, 12}));
  EXPECT_EQ(spec.step, 4u);
  spec = Parse("1-7:2");
  EXPECT_EQ(spec.indices, Indices({1, 3, 5, 7}));
  EXPECT_EQ(spec.step, 2u);
  EXPECT_EQ(Parse("10-20:2").indices, Indices({10, 12, 14, 16, 18, 20}));
  EXPECT_EQ(Parse("1-8:3").indices, Indices({1, 4, 7}));  // last not on the step
  EXPECT_EQ(Parse("3-3:5").indices, Indices({3}));
}

TEST(ParseArraySpec, StepOnlyForOneSteppedRange) {
  EXPECT_EQ(Parse("1-7:2,20").step, 1u);
  EXPECT_EQ(Parse("1-7:2,20").indices, Indices({1, 3, 5, 7, 20}));
  EXPECT_EQ(Parse("0-9:3,1-9:3").step, 1u);
  EXPECT_EQ(Parse("0-9").step, 1u);
  EXPECT_EQ(Parse("4").step, 1u);
}

TEST(ParseArraySpec, MixedItems) {
  EXPECT_EQ(Parse("1-5,10").indices, Indices({1, 2, 3, 4, 5, 10}));
  EXPECT_EQ(Parse("32,56,100-102").indices, Indices({32, 56, 100, 101, 102}));
}

TEST(ParseArraySpec, UnorderedAndOverlappingItemsGiveSortedUniqueIndices) {
  EXPECT_EQ(Parse("5,1,3").indices, Indices({1, 3, 5}));
  EXPECT_EQ(Parse("1-5,3-7").indices, Range(1, 7));
  EXPECT_EQ(Parse("4,4,4").indices, Indices({4}));
  EXPECT_EQ(Parse("0-10:5,0-10:2").indices, Indices({0, 2, 4, 5, 6, 8, 10}));
}

TEST(ParseArraySpec, Throttle) {
  ArraySpec spec = Parse("0-99%4");
  EXPECT_EQ(spec.indices, Range(0, 99));
  EXPECT_EQ(spec.throttle, 4u);
  EXPECT_EQ(Parse("0-15%4").throttle, 4u);
  EXPECT_EQ(Parse("1-200%5").throttle, 5u);
  EXPECT_EQ(Parse("0-15:4%2").throttle, 2u);
  EXPECT_EQ(Parse("0-15:4%2").step, 4u);
  EXPECT_EQ(Parse("1-5%0").throttle, 0u);  // Slurm: no limit
}

TEST(ParseArraySpec, Brackets) {
  EXPECT_EQ(Parse("[1-5]").indices, Range(1, 5));
  ArraySpec spec = Parse("[1-5]%2");
  EXPECT_EQ(spec.indices, Range(1, 5));
  EXPECT_EQ(spec.throttle, 2u);
  spec = Parse("[1,3,5-7%2]");  // squeue's rendering, inside the brackets
  EXPECT_EQ(spec.indices, Indices({1, 3, 5, 6, 7}));
  EXPECT_EQ(spec.throttle, 2u);
}

TEST(ParseArraySpec, EmptyItemsAreSkippedAsInSlurm) {
  EXPECT_EQ(Parse("1,,3").indices, Indices({1, 3}));
  EXPECT_EQ(Parse("1,3,").indices, Indices({1, 3}));
  EXPECT_EQ(Parse(",2").indices, Indices({2}));
}

TEST(ParseArraySpec, RejectsEmptyAndGarbage) {
  for (const char* text : {"", ",", ",,", "[]", "%2", "a", "1a", "a1", "1-a", "x-5", "1.5", "0x10", " 1", "1 ",
                           "1, 2", "1-5 ", "one", "1-5%a", "1-5%", "1-5%2%3", "1-5%2x", "[1-5", "1-5]", "[1-5%2",
                           "1-5]%2", "[[1-5]]", "1;2", "1-5_3", "*"}) {
    ExpectInvalid(text);
  }
}

TEST(ParseArraySpec, RejectsSigns) {
  for (const char* text : {"-1", "-5-5", "+1", "1-+5", "1--3", "1-5:-1", "1-5:+2", "1-5%-1", "-"}) {
    ExpectInvalid(text);
  }
}

TEST(ParseArraySpec, RejectsReversedRangesAndBadSteps) {
  for (const char* text : {"5-1", "10-9", "0-15:0", "1-5:", "1:2", "5:2", "1-5:2:3", "1-5:2-3", "1-", "1-2-3",
                           "0-15:00"}) {
    ExpectInvalid(text);
  }
}

TEST(ParseArraySpec, IndexMustBeBelowMaxArraySize) {
  EXPECT_EQ(Parse("0-1000").indices.size(), 1001u);
  ExpectInvalid("0-1001");
  ExpectInvalid("1001");
  ExpectInvalid("1,2,5000");
  EXPECT_EQ(Parse("4999", 5000).indices, Indices({4999}));
  ExpectInvalid("5000", 5000);
  ExpectInvalid("0-5000:100", 5000);
  EXPECT_EQ(Parse("0-4999:1000", 5000).indices, Indices({0, 1000, 2000, 3000, 4000}));
}

TEST(ParseArraySpec, MaxArraySizeZeroDisablesArrays) {
  ExpectInvalid("0", 0);
  ExpectInvalid("1-5", 0);
  EXPECT_EQ(Parse("0", 1).indices, Indices({0}));
  ExpectInvalid("1", 1);
}

TEST(ParseArraySpec, HugeNumbersAndLimits) {
  ExpectInvalid("4294967296", UINT32_MAX);
  ExpectInvalid("99999999999", UINT32_MAX);
  ExpectInvalid("0-4294967295", UINT32_MAX);  // capped at Slurm's largest MaxArraySize
  EXPECT_EQ(Parse("4000000", UINT32_MAX).indices, Indices({4000000}));
  ExpectInvalid("4000001", UINT32_MAX);
  EXPECT_EQ(Parse("0-4000000:1000000", UINT32_MAX).indices, Indices({0, 1000000, 2000000, 3000000, 4000000}));
  EXPECT_EQ(Parse("4000000-4000000:4294967295", UINT32_MAX).indices, Indices({4000000}));
}

TEST(ParseArraySpec, RejectsAbsurdlyLongTexts) {
  std::string text = "1";
  while (text.size() <= kMaxArraySpecLength) text += ",1";
  ExpectInvalid(text);
  text.resize(kMaxArraySpecLength);
  if (text.back() == ',') text.pop_back();
  EXPECT_EQ(Parse(text).indices, Indices({1}));
}

TEST(FormatIndexRanges, Runs) {
  EXPECT_EQ(FormatIndexRanges({}), "");
  EXPECT_EQ(FormatIndexRanges({0}), "0");
  EXPECT_EQ(FormatIndexRanges({5}), "5");
  EXPECT_EQ(FormatIndexRanges({5, 6}), "5-6");
  EXPECT_EQ(FormatIndexRanges(Range(3, 99)), "3-99");
  EXPECT_EQ(FormatIndexRanges({1, 3, 5, 6, 7}), "1,3,5-7");
  EXPECT_EQ(FormatIndexRanges({0, 2, 4, 6}), "0,2,4,6");  // no step notation
  EXPECT_EQ(FormatIndexRanges({1, 2, 3, 10, 11, 20}), "1-3,10-11,20");
  EXPECT_EQ(FormatIndexRanges({4294967294u, 4294967295u}), "4294967294-4294967295");
}

TEST(FormatPendingArray, AsSqueueShowsIt) {
  EXPECT_EQ(FormatPendingArray(12, Range(3, 99), 0), "12_[3-99]");
  EXPECT_EQ(FormatPendingArray(12, {1, 3, 5, 6, 7}, 2), "12_[1,3,5-7%2]");
  EXPECT_EQ(FormatPendingArray(1080, Range(5, 1024), 0), "1080_[5-1024]");
  EXPECT_EQ(FormatPendingArray(12, {5}, 0), "12_[5]");
  EXPECT_EQ(FormatPendingArray(12, {5}, 3), "12_[5%3]");
  EXPECT_EQ(FormatPendingArray(12, {}, 0), "12");
  EXPECT_EQ(FormatPendingArray(12, {}, 4), "12");
}

TEST(FormatArrayTaskId, TaskWithItsOwnRecord) {
  EXPECT_EQ(FormatArrayTaskId(12, 5), "12_5");
  EXPECT_EQ(FormatArrayTaskId(1080, 0), "1080_0");
}

std::vector<uint32_t> ParseList(std::string_view text) {
  Result<Indices> list = ParseIndexList(text);
  EXPECT_TRUE(list.has_value()) << text;
  return list ? *list : Indices();
}

TEST(ParseIndexList, ScancelForms) {
  EXPECT_EQ(ParseList("3"), Indices({3}));
  EXPECT_EQ(ParseList("[1-5]"), Range(1, 5));
  EXPECT_EQ(ParseList("[1,3,5-7]"), Indices({1, 3, 5, 6, 7}));
  EXPECT_EQ(ParseList("[5]"), Indices({5}));
  EXPECT_EQ(ParseList("1-3"), Range(1, 3));
  EXPECT_EQ(ParseList("[7,1-2]"), Indices({1, 2, 7}));
  EXPECT_EQ(ParseList("[4000000]"), Indices({4000000}));
}

TEST(ParseIndexList, Rejects) {
  for (const char* text : {"", "[]", "[", "]", "[1-", "1-5]", "[1-5", "[5-1]", "[1-5:2]", "x", "[a]", "-1",
                           "[1-5%2]", "[4000001]", "[[1]]", "4294967296", "*"}) {
    Result<Indices> list = ParseIndexList(text);
    ASSERT_FALSE(list.has_value()) << "accepted '" << text << "'";
    EXPECT_EQ(list.error().code(), Code::kInvalidArgument);
    EXPECT_EQ(list.error().message(), text);
  }
}

// ---------------------------------------------------------------------------
// Generated cases.

constexpr uint32_t kSeed = 20240607;
constexpr int kCases = 5000;

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  uint32_t Between(uint32_t low, uint32_t high) { return std::uniform_int_distribution<uint32_t>(low, high)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // A random non-empty set of indices below `max`, clustered so runs occur.
  Indices RandomSet(uint32_t max) {
    std::set<uint32_t> set;
    int clusters = static_cast<int>(Between(1, 6));
    for (int c = 0; c < clusters; ++c) {
      uint32_t first = Between(0, max - 1);
      uint32_t length = Between(1, 12);
      for (uint32_t i = first; i < max && i < first + length; ++i) {
        if (!Chance(0.25)) set.insert(i);
      }
    }
    if (set.empty()) set.insert(Between(0, max - 1));
    return Indices(set.begin(), set.end());
  }

 private:
  std::mt19937 rng_;
};

TEST(ArraySpecProperty, ParseOfFormatRoundTrips) {
  Generator gen(kSeed);
  for (int i = 0; i < kCases; ++i) {
    uint32_t max = gen.Chance(0.5) ? kDefaultMax : gen.Between(1, 20000);
    Indices indices = gen.RandomSet(max);
    std::string text = FormatIndexRanges(indices);
    Result<ArraySpec> spec = ParseArraySpec(text, max);
    ASSERT_TRUE(spec.has_value()) << text;
    ASSERT_EQ(spec->indices, indices) << text;
    ASSERT_EQ(spec->throttle, 0u);

    Result<Indices> list = ParseIndexList("[" + text + "]");
    ASSERT_TRUE(list.has_value()) << text;
    ASSERT_EQ(*list, indices) << text;

    // squeue's pending rendering parses back, throttle included.
    uint32_t throttle = gen.Chance(0.5) ? 0 : gen.Between(1, 50);
    std::string pending = FormatPendingArray(77, indices, throttle);
    ASSERT_EQ(pending.rfind("77_", 0), 0u) << pending;
    spec = ParseArraySpec(pending.substr(3), max);
    ASSERT_TRUE(spec.has_value()) << pending;
    ASSERT_EQ(spec->indices, indices) << pending;
    ASSERT_EQ(spec->throttle, throttle) << pending;
  }
}

// Random --array texts checked against the set their items name.
TEST(ArraySpecProperty, AgreesWithBruteForce) {
  Generator gen(kSeed + 1);
  int valid_count = 0;
  for (int i = 0; i < kCases; ++i) {
    uint32_t max = gen.Between(1, 300);
    std::set<uint32_t> expected;
    std::string text;
    bool valid = true;
    int items = static_cast<int>(gen.Between(1, 5));
    uint32_t lone_step = 1;
    for (int k = 0; k < items; ++k) {
      uint32_t first = gen.Between(0, max + 5);
      uint32_t last = gen.Chance(0.3) ? first : gen.Between(0, max + 5);
      uint32_t step = gen.Chance(0.5) ? 1 : gen.Between(0, 7);
      if (!text.empty()) text += ',';
      text += std::to_string(first);
      bool is_range = last != first || gen.Chance(0.2);
      if (is_range) text += '-' + std::to_string(last);
      bool has_step = is_range && step != 1;
      if (has_step) text += ':' + std::to_string(step);
      if (last < first || last >= max || (has_step && step == 0)) valid = false;
      for (uint64_t x = first; valid && x <= last; x += (has_step ? step : 1)) expected.insert(x);
      if (items == 1 && is_range && first != last) lone_step = has_step ? step : 1;
    }
    Result<ArraySpec> spec = ParseArraySpec(text, max);
    ASSERT_EQ(spec.has_value(), valid) << text << " max " << max;
    if (!valid) continue;
    ++valid_count;
    ASSERT_EQ(spec->indices, Indices(expected.begin(), expected.end())) << text;
    ASSERT_EQ(spec->step, lone_step) << text;
  }
  EXPECT_GT(valid_count, kCases / 10);  // both outcomes were exercised
  EXPECT_LT(valid_count, kCases - kCases / 10);
}

}  // namespace
}  // namespace bramble
