// PMI_process_mapping (COMPAT 3.7): which ranks share a node, in the form
// MPICH parses (mpir_nodemap.h) and Slurm writes (pack_process_mapping):
// "(vector,(<first node>,<node count>,<ranks per node>),...)".
//
// Each triple says: nodes first..first+count-1 each take the next `ranks per
// node` ranks in turn. MPICH uses it to decide which ranks talk through
// shared memory, so it must match the real placement.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bramble::pmi {

// The mapping for block placement: step node i runs the next
// tasks_per_node[i] ranks. Consecutive nodes with equal counts fold into one
// triple: {4,4} -> "(vector,(0,2,4))", {2,1} -> "(vector,(0,1,2),(1,1,1))".
// No tasks gives "".
std::string ProcessMapping(const std::vector<uint32_t>& tasks_per_node);

// The mapping for any placement: node_of_rank[r] is the step node index of
// rank r. Cyclic 4 ranks on 2 nodes ({0,1,0,1}) -> "(vector,(0,2,1),(0,2,1))".
// No ranks gives "".
std::string ProcessMappingForPlacement(const std::vector<uint32_t>& node_of_rank);

}  // namespace bramble::pmi
