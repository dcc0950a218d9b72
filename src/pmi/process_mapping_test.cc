// Tests for PMI_process_mapping (COMPAT 3.7).
#include "pmi/process_mapping.h"

#include <gtest/gtest.h>

namespace bramble::pmi {
namespace {

TEST(ProcessMapping, BlockOnEqualNodesFoldsIntoOneTriple) {
  EXPECT_EQ(ProcessMapping({4, 4}), "(vector,(0,2,4))");
  EXPECT_EQ(ProcessMapping({1, 1, 1}), "(vector,(0,3,1))");
}

TEST(ProcessMapping, UnequalNodesGetTheirOwnTriples) {
  EXPECT_EQ(ProcessMapping({2, 1}), "(vector,(0,1,2),(1,1,1))");
  EXPECT_EQ(ProcessMapping({3, 3, 2, 2, 3}), "(vector,(0,2,3),(2,2,2),(4,1,3))");
}

TEST(ProcessMapping, SingleNodeAndSingleTask) {
  EXPECT_EQ(ProcessMapping({8}), "(vector,(0,1,8))");
  EXPECT_EQ(ProcessMapping({1}), "(vector,(0,1,1))");
}

TEST(ProcessMapping, NoTasksIsUnknown) {
  EXPECT_EQ(ProcessMapping({}), "");
  EXPECT_EQ(ProcessMapping({0, 0}), "");
  EXPECT_EQ(ProcessMappingForPlacement({}), "");
}

TEST(ProcessMapping, NodeWithoutTasksIsSkipped) {
  EXPECT_EQ(ProcessMapping({2, 0, 2}), "(vector,(0,1,2),(2,1,2))");
}

TEST(ProcessMappingForPlacement, Cyclic) {
  EXPECT_EQ(ProcessMappingForPlacement({0, 1, 0, 1}), "(vector,(0,2,1),(0,2,1))");
  EXPECT_EQ(ProcessMappingForPlacement({0, 1, 0}), "(vector,(0,2,1),(0,1,1))");
}

TEST(ProcessMappingForPlacement, BlockMatchesProcessMapping) {
  EXPECT_EQ(ProcessMappingForPlacement({0, 0, 1}), ProcessMapping({2, 1}));
  EXPECT_EQ(ProcessMappingForPlacement({0, 0, 0, 0, 1, 1, 1, 1}), "(vector,(0,2,4))");
}

TEST(ProcessMappingForPlacement, LongerRunOnNextNodeStartsANewTriple) {
  EXPECT_EQ(ProcessMappingForPlacement({0, 0, 1, 1, 1}), "(vector,(0,1,2),(1,1,3))");
}

TEST(ProcessMappingForPlacement, PlaneOfTwo) {
  // -m plane=2 on 2 nodes: 0 1 | 2 3 | 4 5 | 6 7 alternate between nodes.
  EXPECT_EQ(ProcessMappingForPlacement({0, 0, 1, 1, 0, 0, 1, 1}), "(vector,(0,2,2),(0,2,2))");
}

TEST(ProcessMappingForPlacement, NonConsecutiveNodesDoNotFold) {
  EXPECT_EQ(ProcessMappingForPlacement({1, 0}), "(vector,(1,1,1),(0,1,1))");
  EXPECT_EQ(ProcessMappingForPlacement({0, 2}), "(vector,(0,1,1),(2,1,1))");
}

}  // namespace
}  // namespace bramble::pmi
