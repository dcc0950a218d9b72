// Tests for the node's KVS, its fence queue and node attributes.
#include "pmi/node_store.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace bramble::pmi {
namespace {

TEST(NodeStore, PreloadedKeysAreGettableButNotSentUpstream) {
  NodeStore store(KeyValueMap{{"PMI_process_mapping", "(vector,(0,1,2))"}});
  ASSERT_NE(store.Get("PMI_process_mapping"), nullptr);
  EXPECT_EQ(*store.Get("PMI_process_mapping"), "(vector,(0,1,2))");
  EXPECT_TRUE(store.TakePutsSinceFence().empty());
}

TEST(NodeStore, PutsAreVisibleAtOnceAndQueuedOnce) {
  NodeStore store{KeyValueMap()};
  ASSERT_TRUE(store.Put("bc-0", "card0").ok());
  ASSERT_TRUE(store.Put("bc-1", "old").ok());
  ASSERT_TRUE(store.Put("bc-1", "card1").ok());
  EXPECT_EQ(*store.Get("bc-1"), "card1");
  EXPECT_EQ(store.TakePutsSinceFence(), KeyValueMap({{"bc-0", "card0"}, {"bc-1", "card1"}}));
  EXPECT_TRUE(store.TakePutsSinceFence().empty());
  EXPECT_EQ(*store.Get("bc-0"), "card0");  // taking does not forget
}

TEST(NodeStore, MergedFenceResultBecomesVisible) {
  NodeStore store{KeyValueMap()};
  ASSERT_TRUE(store.Put("bc-0", "card0").ok());
  store.MergeFenceResult({{"bc-0", "card0"}, {"bc-2", "remote"}});
  EXPECT_EQ(*store.Get("bc-2"), "remote");
  EXPECT_EQ(store.stored_bytes(), std::string("bc-0card0bc-2remote").size());
  EXPECT_TRUE(store.TakePutsSinceFence().size() == 1u);  // merging queues nothing new
}

TEST(NodeStore, RejectsBadKeysAndValuesWithoutStoring) {
  NodeStore store{KeyValueMap()};
  EXPECT_FALSE(store.Put("", "v").ok());
  EXPECT_FALSE(store.Put(std::string(kMaxKeyBytes + 1, 'k'), "v").ok());
  EXPECT_FALSE(store.Put("k", std::string(kMaxValueBytes + 1, 'v')).ok());
  EXPECT_TRUE(store.Put(std::string(kMaxKeyBytes, 'k'), std::string(kMaxValueBytes, 'v')).ok());
  EXPECT_EQ(store.TakePutsSinceFence().size(), 1u);
  EXPECT_EQ(store.Get("k"), nullptr);
}

TEST(NodeStore, StopsAtTheByteCap) {
  NodeStore store{KeyValueMap()};
  std::string value(kMaxValueBytes, 'v');
  size_t pair_bytes = 8 + value.size();
  size_t fits = kMaxStoredBytes / pair_bytes;
  for (size_t i = 0; i < fits; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "k%07zu", i);
    ASSERT_TRUE(store.Put(key, value).ok()) << i;
  }
  Status full = store.Put("one-more", value);
  EXPECT_FALSE(full.ok());
  EXPECT_EQ(store.Get("one-more"), nullptr);
  // Replacing a value with one of the same size still fits.
  EXPECT_TRUE(store.Put("k0000000", std::string(kMaxValueBytes, 'w')).ok());
}

TEST(NodeStore, NodeAttributesAreSeparateAndNeverQueued) {
  NodeStore store{KeyValueMap()};
  ASSERT_TRUE(store.PutNodeAttr("shm-seg", "/dev/shm/x").ok());
  EXPECT_EQ(*store.GetNodeAttr("shm-seg"), "/dev/shm/x");
  EXPECT_EQ(store.Get("shm-seg"), nullptr);
  EXPECT_TRUE(store.TakePutsSinceFence().empty());
  EXPECT_FALSE(store.PutNodeAttr("", "v").ok());
}

}  // namespace
}  // namespace bramble::pmi
