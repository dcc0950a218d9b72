// The key-value data one node's tasks see: the step's KVS (this node's puts
// plus, after each fence, every node's) and the node attributes that only
// this node's tasks share (PMI-2 info-putnodeattr).
//
// Local puts are visible to local gets at once and are also queued for the
// next fence, when the stepd sends them to srun; srun's merged answer is
// then folded in. Total stored bytes are capped so a runaway task cannot
// grow the stepd without bound.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "base/status.h"

namespace bramble::pmi {

using KeyValueMap = std::map<std::string, std::string, std::less<>>;

// What MPICH advertises and Slurm enforces (PMI-1 keylen_max/vallen_max,
// PMI-2 PMI2_MAX_KEYLEN/PMI2_MAX_VALLEN).
inline constexpr size_t kMaxKeyBytes = 64;
inline constexpr size_t kMaxValueBytes = 1024;
// Estimate, not measured: MPICH puts one business card of a few hundred
// bytes per rank, so 64 MiB holds tens of thousands of ranks' cards.
inline constexpr size_t kMaxStoredBytes = 64 * 1024 * 1024;

class NodeStore {
 public:
  // `preloaded` keys (PMI_process_mapping) are gettable but never sent upstream.
  explicit NodeStore(KeyValueMap preloaded);

  // Stores a KVS pair, replacing an earlier value. Fails, storing nothing,
  // on an empty key, a key over kMaxKeyBytes, a value over kMaxValueBytes or
  // when the store would exceed kMaxStoredBytes.
  Status Put(std::string_view key, std::string_view value);
  // The KVS value for key, or nullptr.
  const std::string* Get(std::string_view key) const;

  // The pairs put on this node since the last call: the fence's upstream part.
  KeyValueMap TakePutsSinceFence();
  // Folds in the merged puts of all nodes that srun returned for a fence.
  // Not capped: srun is trusted and has already bounded each node's part.
  void MergeFenceResult(const KeyValueMap& all_puts);

  // Node attributes: same rules as Put and Get, never sent upstream.
  Status PutNodeAttr(std::string_view key, std::string_view value);
  const std::string* GetNodeAttr(std::string_view key) const;

  size_t stored_bytes() const { return stored_bytes_; }

 private:
  Status Store(KeyValueMap& map, std::string_view key, std::string_view value);

  KeyValueMap kvs_;
  KeyValueMap puts_since_fence_;
  KeyValueMap node_attrs_;
  // Keys and values of kvs_ and node_attrs_; puts_since_fence_ repeats part
  // of kvs_, so the whole store stays below twice the cap.
  size_t stored_bytes_ = 0;
};

}  // namespace bramble::pmi
