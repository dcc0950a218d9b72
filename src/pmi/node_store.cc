// The node's KVS, its fence queue and its node attributes.
#include "pmi/node_store.h"

#include <utility>

namespace bramble::pmi {
namespace {

const std::string* Lookup(const KeyValueMap& map, std::string_view key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

NodeStore::NodeStore(KeyValueMap preloaded) : kvs_(std::move(preloaded)) {
  for (const auto& [key, value] : kvs_) stored_bytes_ += key.size() + value.size();
}

Status NodeStore::Store(KeyValueMap& map, std::string_view key, std::string_view value) {
  if (key.empty()) return InvalidArgument("empty key");
  if (key.size() > kMaxKeyBytes) return InvalidArgument("key longer than 64 bytes");
  if (value.size() > kMaxValueBytes) return InvalidArgument("value longer than 1024 bytes");
  auto it = map.find(key);
  size_t old_bytes = it == map.end() ? 0 : key.size() + it->second.size();
  size_t new_bytes = stored_bytes_ - old_bytes + key.size() + value.size();
  if (new_bytes > kMaxStoredBytes) return InvalidArgument("the node's PMI store is full (64 MiB)");
  if (it == map.end()) {
    map.emplace(std::string(key), std::string(value));
  } else {
    it->second = std::string(value);
  }
  stored_bytes_ = new_bytes;
  return Status::Ok();
}

Status NodeStore::Put(std::string_view key, std::string_view value) {
  BRAMBLE_RETURN_IF_ERROR(Store(kvs_, key, value));
  puts_since_fence_.insert_or_assign(std::string(key), std::string(value));
  return Status::Ok();
}

const std::string* NodeStore::Get(std::string_view key) const { return Lookup(kvs_, key); }

KeyValueMap NodeStore::TakePutsSinceFence() { return std::exchange(puts_since_fence_, KeyValueMap()); }

void NodeStore::MergeFenceResult(const KeyValueMap& all_puts) {
  for (const auto& [key, value] : all_puts) {
    auto it = kvs_.find(key);
    if (it != kvs_.end()) {
      stored_bytes_ -= key.size() + it->second.size();
      it->second = value;
    } else {
      kvs_.emplace(key, value);
    }
    stored_bytes_ += key.size() + value.size();
  }
}

Status NodeStore::PutNodeAttr(std::string_view key, std::string_view value) {
  return Store(node_attrs_, key, value);
}

const std::string* NodeStore::GetNodeAttr(std::string_view key) const { return Lookup(node_attrs_, key); }

}  // namespace bramble::pmi
