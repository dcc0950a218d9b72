// Slurm's `-o/--format` strings, shared by squeue and sinfo.
//
// A format is literal text and fields `%[[.]size]type[suffix]`: `size` is
// the minimum width and, for most fields, also the maximum (longer values are
// cut to their first `size` characters); `.` right-justifies, otherwise
// values are left-justified and padded; text up to the next `%` is printed
// after the field. `%%` is a literal percent sign. sinfo also knows `%#P` and
// `%#N`: `#` sizes the column to its longest value (at least
// kAutoWidthMinimum), found in a first pass over the rows.
//
// The engine knows no field letters: a caller parses a format once, then
// renders rows through a callback that turns (row, type) into a Cell. Pure;
// no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bramble::cli {

// sinfo's MIN_PART_FIELD_SIZE and MIN_NODE_FIELD_SIZE: a `#` column is never
// narrower than "PARTITION".
inline constexpr int kAutoWidthMinimum = 9;

struct FormatField {
  char type = 0;            // the field letter
  int width = 0;            // 0 = as wide as the value, no padding, no cut
  bool right_justify = false;
  bool auto_width = false;  // `#`: width from the longest value
  std::string spec;         // the field as written, without `%` (".18i")
  std::string suffix;       // literal text printed after the field
};

struct ParsedFormat {
  std::string prefix;  // literal text before the first field
  std::vector<FormatField> fields;
};

// Splits a format into fields. Never fails: a `%` with no type letter after
// it (at the end of the string) is kept as literal text.
ParsedFormat ParseFormat(std::string_view format);

// One printed value. `cut` = false prints a longer value whole (Slurm does
// that for node lists and times); shorter values are always padded.
struct Cell {
  std::string text;
  bool cut = true;
};

// Returns the cell for `field` in `row`, or nullopt for a letter the command
// does not know (printed literally as "%<spec>", like Slurm). `row` is
// kHeaderRow for the header line.
inline constexpr size_t kHeaderRow = std::numeric_limits<size_t>::max();
using CellLookup = std::function<std::optional<Cell>(size_t row, const FormatField& field)>;

// Pads or cuts `text` to `width` as Slurm's _print_str does.
std::string FitToWidth(const std::string& text, int width, bool right_justify, bool cut);

// Renders the header line (when `header`) and one line per row, each ending
// in '\n'.
std::string RenderTable(const ParsedFormat& format, size_t row_count, bool header,
                        const CellLookup& lookup);

// The field letters of `format` that `known` does not contain, in order,
// without repeats (for "Invalid job format specification: X" warnings).
std::vector<char> UnknownFieldTypes(const ParsedFormat& format, std::string_view known);

// The date line squeue -l and sinfo -l print first, as ctime(3) does
// in local time: "Sat Nov 21 15:03:01 2026" (no newline).
std::string FormatDateLine(int64_t unix_seconds);

}  // namespace bramble::cli
