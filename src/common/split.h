// Splitting Slurm's comma lists ("alice,bob", "PD,R", --export names),
// and other separated lists.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bramble {

// Splits a comma list, dropping empty items: "a,,b," -> {"a", "b"}.
std::vector<std::string> SplitCommaList(std::string_view list);

// Splits at `separator`, dropping empty items: ("a  b", ' ') -> {"a", "b"}.
std::vector<std::string> SplitList(std::string_view list, char separator);

// Joins `items` with `separator` between them: ({"a", "b"}, " ") -> "a b".
std::string JoinList(const std::vector<std::string>& items, std::string_view separator);

}  // namespace bramble
