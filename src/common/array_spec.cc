// Job array index sets; see array_spec.h.
//
// Parsing works in two passes: every item is first read into a range
// (first, last, step) and checked against the index limit, then the ranges are
// marked in a bitmap sized by the largest index seen. The bitmap is what makes
// overlapping items cheap and the result sorted and unique; its size is
// bounded by the limit, never by the text.
#include "common/array_spec.h"

#include <algorithm>

namespace bramble {
namespace {

// 10 digits hold every uint32; longer runs are rejected before converting.
constexpr size_t kMaxDigits = 10;

struct Range {
  uint32_t first = 0;
  uint32_t last = 0;
  uint32_t step = 1;
};

// Reads a run of decimal digits at the front of `text` and consumes it.
// False when there is none, it is too long, or it does not fit in uint32.
bool TakeNumber(std::string_view* text, uint32_t* value) {
  size_t n = 0;
  while (n < text->size() && (*text)[n] >= '0' && (*text)[n] <= '9') ++n;
  if (n == 0 || n > kMaxDigits) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = v * 10 + static_cast<uint64_t>((*text)[i] - '0');
  if (v > UINT32_MAX) return false;
  *value = static_cast<uint32_t>(v);
  text->remove_prefix(n);
  return true;
}

// Parses one item: "N", "A-B" or, when steps are allowed, "A-B:S".
bool ParseRange(std::string_view item, bool allow_step, Range* range) {
  if (!TakeNumber(&item, &range->first)) return false;
  range->last = range->first;
  range->step = 1;
  if (item.empty()) return true;
  if (item.front() != '-') return false;
  item.remove_prefix(1);
  if (!TakeNumber(&item, &range->last) || range->last < range->first) return false;
  if (item.empty()) return true;
  if (!allow_step || item.front() != ':') return false;
  item.remove_prefix(1);
  return TakeNumber(&item, &range->step) && range->step > 0 && item.empty();
}

// Splits a comma list into ranges, skipping empty items. Fails on a bad item
// or an index >= limit.
bool ParseRanges(std::string_view list, bool allow_step, uint32_t limit, std::vector<Range>* ranges) {
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = std::min(list.find(',', start), list.size());
    std::string_view item = list.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) continue;
    Range range;
    if (!ParseRange(item, allow_step, &range) || range.last >= limit) return false;
    ranges->push_back(range);
  }
  return true;
}

// The indices the ranges name, sorted and unique.
std::vector<uint32_t> Expand(const std::vector<Range>& ranges) {
  uint32_t highest = 0;
  for (const Range& r : ranges) highest = std::max(highest, r.last);
  std::vector<bool> marked(static_cast<size_t>(highest) + 1, false);
  for (const Range& r : ranges) {
    // 64-bit counter: last + step may pass UINT32_MAX.
    for (uint64_t i = r.first; i <= r.last; i += r.step) marked[i] = true;
  }
  std::vector<uint32_t> indices;
  for (size_t i = 0; i < marked.size(); ++i) {
    if (marked[i]) indices.push_back(static_cast<uint32_t>(i));
  }
  return indices;
}

// Removes one enclosing pair of brackets; false when only one side is there.
bool StripBrackets(std::string_view* text) {
  bool open = !text->empty() && text->front() == '[';
  bool close = !text->empty() && text->back() == ']';
  if (open != close) return false;
  if (open) *text = text->substr(1, text->size() - 2);
  return true;
}

}  // namespace

Result<ArraySpec> ParseArraySpec(std::string_view text, uint32_t max_array_size) {
  const Status invalid = InvalidArgument(kInvalidArrayText);
  if (text.empty() || text.size() > kMaxArraySpecLength) return invalid;
  uint32_t limit = std::min(max_array_size, kMaxArraySizeLimit);

  // Brackets may enclose the whole text ("[1-5%2]", squeue's rendering) or
  // just the list ("[1-5]%2").
  ArraySpec spec;
  std::string_view list = text;
  bool bracketed = list.front() == '[';
  if (bracketed) list.remove_prefix(1);
  size_t percent = list.find('%');
  if (percent != std::string_view::npos) {
    std::string_view throttle = list.substr(percent + 1);
    list = list.substr(0, percent);
    if (bracketed && !throttle.empty() && throttle.back() == ']') {
      throttle.remove_suffix(1);
      bracketed = false;
    }
    if (!TakeNumber(&throttle, &spec.throttle) || !throttle.empty()) return invalid;
  }
  if (bracketed) {
    if (list.empty() || list.back() != ']') return invalid;
    list.remove_suffix(1);
  }

  std::vector<Range> ranges;
  if (!ParseRanges(list, /*allow_step=*/true, limit, &ranges) || ranges.empty()) return invalid;
  if (ranges.size() == 1 && ranges[0].first != ranges[0].last) spec.step = ranges[0].step;
  spec.indices = Expand(ranges);
  return spec;
}

std::string FormatIndexRanges(const std::vector<uint32_t>& sorted_indices) {
  std::string out;
  size_t i = 0;
  while (i < sorted_indices.size()) {
    size_t j = i;
    while (j + 1 < sorted_indices.size() && sorted_indices[j + 1] == sorted_indices[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(sorted_indices[i]);
    if (j > i) out += '-' + std::to_string(sorted_indices[j]);
    i = j + 1;
  }
  return out;
}

std::string FormatPendingArray(uint32_t array_job_id, const std::vector<uint32_t>& sorted_indices,
                               uint32_t throttle) {
  std::string out = std::to_string(array_job_id);
  if (sorted_indices.empty()) return out;
  out += "_[" + FormatIndexRanges(sorted_indices);
  if (throttle > 0) out += '%' + std::to_string(throttle);
  out += ']';
  return out;
}

std::string FormatArrayTaskId(uint32_t array_job_id, uint32_t task_id) {
  return std::to_string(array_job_id) + "_" + std::to_string(task_id);
}

Result<std::vector<uint32_t>> ParseIndexList(std::string_view text) {
  const Status invalid = InvalidArgument(std::string(text));
  std::string_view list = text;
  if (list.size() > kMaxArraySpecLength || !StripBrackets(&list)) return invalid;
  std::vector<Range> ranges;
  if (!ParseRanges(list, /*allow_step=*/false, kMaxArraySizeLimit, &ranges) || ranges.empty()) {
    return invalid;
  }
  return Expand(ranges);
}

}  // namespace bramble
