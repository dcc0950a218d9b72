#include "cli/sprio_format.h"

#include <gtest/gtest.h>

namespace bramble::cli {
namespace {

class SprioFormatTest : public ::testing::Test {
 protected:
  static proto::PriorityReply Reply() {
    proto::PriorityReply reply;
    reply.set_weight_age(1000);
    reply.set_weight_fair_share(10000);
    reply.set_weight_job_size(500);
    reply.set_weight_partition(1000);
    proto::PriorityRow* bob = reply.add_rows();
    bob->set_job_id(14);
    bob->set_user("bob");
    bob->set_partition("batch");
    bob->set_priority(3500);
    bob->set_age(1000);
    bob->set_fair_share(2500);
    bob->set_age_norm(1.0);
    bob->set_fair_share_norm(0.25);
    proto::PriorityRow* alice = reply.add_rows();
    alice->set_job_id(13);
    alice->set_user("alice");
    alice->set_partition("debug");
    alice->set_priority(6211);
    alice->set_age(211);
    alice->set_fair_share(5000);
    alice->set_partition_factor(1000);
    alice->set_nice(-5);
    alice->set_age_norm(0.2113);
    alice->set_fair_share_norm(0.5);
    alice->set_partition_norm(1.0);
    return reply;
  }

  static std::vector<proto::PriorityRow> SortedRows(const std::string& sort = "") {
    std::vector<proto::PriorityRow> rows = FilterPriorityRows(Reply(), {}, {});
    EXPECT_TRUE(SortPriorityRows(rows, sort).ok());
    return rows;
  }

  static SprioWeights Weights(uint32_t qos = 0) { return WeightsOf(Reply(), qos); }
};

TEST_F(SprioFormatTest, DefaultLayoutOfSlurm2205) {
  std::string format = SprioDefaultFormat(false, false, false, Weights());
  EXPECT_EQ(format, "%.15i %9r %.10Y %.10S %.10A %.10F %.10J %.10P");
  EXPECT_EQ(FormatSprio(SortedRows(), Weights(), format, true, false),
            "          JOBID PARTITION   PRIORITY       SITE        AGE  FAIRSHARE    JOBSIZE  PARTITION\n"
            "             13 debug           6211          0        211       5000          0       1000\n"
            "             14 batch           3500          0       1000       2500          0          0\n");
}

TEST_F(SprioFormatTest, ColumnsFollowTheWeights) {
  SprioWeights weights;
  weights.fair_share = 1;
  EXPECT_EQ(SprioDefaultFormat(false, false, false, weights), "%.15i %9r %.10Y %.10S %.10F");
  weights.qos = 7;
  EXPECT_EQ(SprioDefaultFormat(false, false, true, weights), "%.15i %9r %.8u %.10Y %.10S %.10F %.10Q");
  EXPECT_EQ(SprioDefaultFormat(true, false, false, weights), "%.15i %9r %10y %10f %10q");
  EXPECT_EQ(SprioDefaultFormat(false, false, false, SprioWeights{}), "%.15i %9r %.10Y %.10S");
  // -l shows every column whatever the weights.
  EXPECT_EQ(SprioDefaultFormat(false, true, false, SprioWeights{}),
            "%.15i %9r %.8u %.10Y %.10S %.10A %.10F %.10J %.10P %.10Q %.11N %.20T");
  EXPECT_EQ(SprioDefaultFormat(true, true, true, SprioWeights{}), "%.15i %9r %.8u %10y %10a %10f %10j %10p %10q %20t");
}

TEST_F(SprioFormatTest, NormalizedWithUsers) {
  std::string format = SprioDefaultFormat(true, false, true, Weights());
  EXPECT_EQ(FormatSprio(SortedRows(), Weights(), format, true, false),
            "          JOBID PARTITION     USER PRIORITY   AGE        FAIRSHARE  JOBSIZE    PARTITION \n"
            "             13 debug        alice 0.00000144 0.2113000  0.5000000  0.0000000  1.0000000 \n"
            "             14 batch          bob 0.00000081 1.0000000  0.2500000  0.0000000  0.0000000 \n");
  // A factor whose weight is 0 shows 0 whatever the controller computed.
  SprioWeights no_age = Weights();
  no_age.age = 0;
  EXPECT_EQ(FormatSprio(SortedRows(), no_age, "%a|%y", false, false),
            "0.0000000|0.00000144611113\n0.0000000|0.00000081490725\n");
}

TEST_F(SprioFormatTest, WeightsLine) {
  std::string format = SprioDefaultFormat(false, false, false, Weights());
  EXPECT_EQ(FormatSprio(SortedRows(), Weights(), format, true, true),
            "          JOBID PARTITION   PRIORITY       SITE        AGE  FAIRSHARE    JOBSIZE  PARTITION\n"
            "        Weights                               1       1000      10000        500       1000\n");
  EXPECT_EQ(FormatSprio({}, Weights(5), "%i|%Q|%q|%u|%N|%a", false, true), "Weights|5|5|||1000\n");
}

TEST_F(SprioFormatTest, OtherLettersAndUnknownOnes) {
  EXPECT_EQ(FormatSprio(SortedRows(), Weights(), "%i %u %N %n %Q %q [%T]", true, false),
            "JOBID USER NICE QOSNAME QOS QOS [TRES]\n"
            "13 alice -5 normal 0 0.0000000 []\n"
            "14 bob 0 normal 0 0.0000000 []\n");
  // An unknown letter is dropped with the text after it, as sprio does.
  EXPECT_EQ(FormatSprio(SortedRows(), Weights(), "x%i %z-%Y", false, false), "x13 6211\nx14 3500\n");
  EXPECT_EQ(InvalidSprioFields("%i %z %Y %x %z"), (std::vector<char>{'z', 'x'}));
  EXPECT_TRUE(InvalidSprioFields(SprioDefaultFormat(false, true, true, Weights())).empty());
  EXPECT_EQ(FormatSprio(SortedRows(), Weights(), "%.3i|%2r|", true, false), "JOB|PA|\n 13|de|\n 14|ba|\n");
}

TEST_F(SprioFormatTest, FiltersAndSorting) {
  EXPECT_EQ(FilterPriorityRows(Reply(), {"alice"}, {}).size(), 1u);
  EXPECT_EQ(FilterPriorityRows(Reply(), {}, {"batch"}).at(0).job_id(), 14u);
  EXPECT_TRUE(FilterPriorityRows(Reply(), {"alice"}, {"batch"}).empty());
  EXPECT_EQ(SortedRows("-i").at(0).job_id(), 14u);
  EXPECT_EQ(SortedRows("-y").at(0).job_id(), 13u);
  EXPECT_EQ(SortedRows("A").at(0).job_id(), 13u);
  EXPECT_EQ(SortedRows("-a").at(0).job_id(), 14u);
  EXPECT_EQ(SortedRows("r,i").at(0).job_id(), 14u);  // batch before debug
  EXPECT_EQ(SortedRows("q,-i").at(0).job_id(), 14u);  // equal QOS factors: the next key decides
  std::vector<proto::PriorityRow> rows = FilterPriorityRows(Reply(), {}, {});
  Status bad = SortPriorityRows(rows, "i,z");
  EXPECT_EQ(bad.message(), "sprio: error: Invalid sort specification: z");
  EXPECT_EQ(rows.at(0).job_id(), 14u);  // untouched
}

}  // namespace
}  // namespace bramble::cli
