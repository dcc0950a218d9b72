// Slurm format strings; see format_engine.h.
#include "cli/format_engine.h"

#include <algorithm>
#include <ctime>

namespace bramble::cli {

ParsedFormat ParseFormat(std::string_view format) {
  ParsedFormat parsed;
  // Literal text goes to the prefix until the first field, then to the
  // suffix of the latest field.
  auto literal = [&parsed]() -> std::string& {
    return parsed.fields.empty() ? parsed.prefix : parsed.fields.back().suffix;
  };
  size_t i = 0;
  while (i < format.size()) {
    char c = format[i];
    if (c != '%') {
      literal() += c;
      ++i;
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '%') {
      literal() += '%';
      i += 2;
      continue;
    }
    FormatField field;
    size_t j = i + 1;
    if (j < format.size() && format[j] == '.') {
      field.right_justify = true;
      ++j;
    }
    if (j < format.size() && format[j] == '#') {
      field.auto_width = true;
      ++j;
    }
    while (j < format.size() && format[j] >= '0' && format[j] <= '9') {
      field.width = std::min(field.width * 10 + (format[j] - '0'), 100000);
      ++j;
    }
    if (j >= format.size()) {  // "%.5" at the end: no type letter
      literal() += format.substr(i);
      break;
    }
    field.type = format[j];
    field.spec = std::string(format.substr(i + 1, j + 1 - (i + 1)));
    parsed.fields.push_back(std::move(field));
    i = j + 1;
  }
  return parsed;
}

std::string FitToWidth(const std::string& text, int width, bool right_justify, bool cut) {
  if (width <= 0) return text;
  size_t w = static_cast<size_t>(width);
  if (text.size() >= w) return cut ? text.substr(0, w) : text;
  std::string pad(w - text.size(), ' ');
  return right_justify ? pad + text : text + pad;
}

namespace {

// Width of each field for this table: its own, or for `#` fields the longest
// value over the rows (header excluded, as sinfo does).
std::vector<int> ResolveWidths(const ParsedFormat& format, size_t row_count,
                               const CellLookup& lookup) {
  std::vector<int> widths;
  widths.reserve(format.fields.size());
  for (const FormatField& field : format.fields) {
    if (!field.auto_width) {
      widths.push_back(field.width);
      continue;
    }
    size_t longest = static_cast<size_t>(std::max(field.width, kAutoWidthMinimum));
    for (size_t row = 0; row < row_count; ++row) {
      std::optional<Cell> cell = lookup(row, field);
      if (cell) longest = std::max(longest, cell->text.size());
    }
    widths.push_back(static_cast<int>(longest));
  }
  return widths;
}

void RenderLine(const ParsedFormat& format, const std::vector<int>& widths, size_t row,
                const CellLookup& lookup, std::string& out) {
  out += format.prefix;
  for (size_t f = 0; f < format.fields.size(); ++f) {
    const FormatField& field = format.fields[f];
    std::optional<Cell> cell = lookup(row, field);
    if (cell) {
      out += FitToWidth(cell->text, widths[f], field.right_justify, cell->cut);
    } else {
      out += '%';
      out += field.spec;
    }
    out += field.suffix;
  }
  out += '\n';
}

}  // namespace

std::string RenderTable(const ParsedFormat& format, size_t row_count, bool header,
                        const CellLookup& lookup) {
  std::vector<int> widths = ResolveWidths(format, row_count, lookup);
  std::string out;
  if (header) RenderLine(format, widths, kHeaderRow, lookup, out);
  for (size_t row = 0; row < row_count; ++row) RenderLine(format, widths, row, lookup, out);
  return out;
}

std::vector<char> UnknownFieldTypes(const ParsedFormat& format, std::string_view known) {
  std::vector<char> unknown;
  for (const FormatField& field : format.fields) {
    if (known.find(field.type) != std::string_view::npos) continue;
    if (std::find(unknown.begin(), unknown.end(), field.type) == unknown.end()) {
      unknown.push_back(field.type);
    }
  }
  return unknown;
}

std::string FormatDateLine(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm local{};
  if (localtime_r(&t, &local) == nullptr) return "";
  char buffer[64];
  size_t n = std::strftime(buffer, sizeof(buffer), "%a %b %e %H:%M:%S %Y", &local);
  return std::string(buffer, n);
}

}  // namespace bramble::cli
