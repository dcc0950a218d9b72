// Splitting Slurm's comma lists ("alice,bob", "PD,R", --export names).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bramble {

// Splits a comma list, dropping empty items: "a,,b," -> {"a", "b"}.
std::vector<std::string> SplitCommaList(std::string_view list);

}  // namespace bramble
