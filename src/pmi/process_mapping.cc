// Building PMI_process_mapping from a placement.
#include "pmi/process_mapping.h"

namespace bramble::pmi {
namespace {

// How many ranks from `first` on run on the same node as `first`.
size_t RunLength(const std::vector<uint32_t>& node_of_rank, size_t first) {
  size_t end = first;
  while (end < node_of_rank.size() && node_of_rank[end] == node_of_rank[first]) ++end;
  return end - first;
}

}  // namespace

std::string ProcessMapping(const std::vector<uint32_t>& tasks_per_node) {
  std::vector<uint32_t> node_of_rank;
  for (uint32_t node = 0; node < tasks_per_node.size(); ++node) {
    node_of_rank.insert(node_of_rank.end(), tasks_per_node[node], node);
  }
  return ProcessMappingForPlacement(node_of_rank);
}

std::string ProcessMappingForPlacement(const std::vector<uint32_t>& node_of_rank) {
  if (node_of_rank.empty()) return "";
  std::string mapping = "(vector";
  size_t rank = 0;
  while (rank < node_of_rank.size()) {
    // A triple starts with a run of ranks on one node and grows while the
    // next node in order holds a run of exactly the same length.
    uint32_t first_node = node_of_rank[rank];
    size_t depth = RunLength(node_of_rank, rank);
    uint32_t node_count = 1;
    rank += depth;
    while (rank < node_of_rank.size() && node_of_rank[rank] == first_node + node_count &&
           RunLength(node_of_rank, rank) == depth) {
      ++node_count;
      rank += depth;
    }
    mapping += ",(" + std::to_string(first_node) + "," + std::to_string(node_count) + "," + std::to_string(depth) + ")";
  }
  return mapping + ")";
}

}  // namespace bramble::pmi
