// sprio's output; see sprio_format.h. Header names, widths and number
// formats follow Slurm's src/sprio/print.c.
#include "cli/sprio_format.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>

#include "cli/format_engine.h"

namespace bramble::cli {
namespace {

std::string Normalized(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.7f", value);
  return buffer;
}

std::string PriorityFraction(uint32_t priority) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%16.14f", static_cast<double>(priority) / 4294967295.0);
  return buffer;
}

const char* HeaderOf(char type) {
  switch (type) {
    case 'a':
    case 'A': return "AGE";
    case 'f':
    case 'F': return "FAIRSHARE";
    case 'i': return "JOBID";
    case 'j':
    case 'J': return "JOBSIZE";
    case 'n': return "QOSNAME";
    case 'N': return "NICE";
    case 'p':
    case 'P':
    case 'r': return "PARTITION";
    case 'q':
    case 'Q': return "QOS";
    case 'S': return "SITE";
    case 't':
    case 'T': return "TRES";
    case 'u': return "USER";
    default: return "PRIORITY";  // y, Y
  }
}

// A normalized factor as sprio shows it: 0 when its weight is 0.
std::string NormalizedFactor(double value, uint32_t weight) { return Normalized(weight == 0 ? 0.0 : value); }

// The "Weights" line of -w: the weight of each factor, SITE 1, blanks elsewhere.
std::string WeightValue(char type, const SprioWeights& weights) {
  switch (type) {
    case 'i': return "Weights";
    case 'a':
    case 'A': return std::to_string(weights.age);
    case 'f':
    case 'F': return std::to_string(weights.fair_share);
    case 'j':
    case 'J': return std::to_string(weights.job_size);
    case 'p':
    case 'P': return std::to_string(weights.partition);
    case 'q':
    case 'Q': return std::to_string(weights.qos);
    case 'S': return "1";
    default: return "";
  }
}

std::string RowValue(char type, const proto::PriorityRow& row, const SprioWeights& weights) {
  switch (type) {
    case 'a': return NormalizedFactor(row.age_norm(), weights.age);
    case 'A': return std::to_string(row.age());
    case 'f': return NormalizedFactor(row.fair_share_norm(), weights.fair_share);
    case 'F': return std::to_string(row.fair_share());
    case 'i': return std::to_string(row.job_id());
    case 'j': return NormalizedFactor(row.job_size_norm(), weights.job_size);
    case 'J': return std::to_string(row.job_size());
    case 'n': return "normal";
    case 'N': return std::to_string(row.nice());
    case 'p': return NormalizedFactor(row.partition_norm(), weights.partition);
    case 'P': return std::to_string(row.partition_factor());
    case 'q': return Normalized(0);
    case 'Q':
    case 'S': return "0";
    case 'r': return row.partition();
    case 'u': return row.user();
    case 'y': return PriorityFraction(row.priority());
    case 'Y': return std::to_string(row.priority());
    default: return "";  // t, T
  }
}

bool Known(char type) { return std::string_view(kSprioFieldTypes).find(type) != std::string_view::npos; }

// One sort key: compares two rows by one letter; 0 = equal.
std::optional<std::function<int(const proto::PriorityRow&, const proto::PriorityRow&)>> SortKey(char letter) {
  auto by = [](auto get) {
    return std::function<int(const proto::PriorityRow&, const proto::PriorityRow&)>(
        [get](const proto::PriorityRow& a, const proto::PriorityRow& b) {
          auto va = get(a);
          auto vb = get(b);
          return va < vb ? -1 : (vb < va ? 1 : 0);
        });
  };
  switch (letter) {
    case 'i': return by([](const proto::PriorityRow& r) { return r.job_id(); });
    case 'r': return by([](const proto::PriorityRow& r) { return r.partition(); });
    case 'u': return by([](const proto::PriorityRow& r) { return r.user(); });
    case 'N': return by([](const proto::PriorityRow& r) { return r.nice(); });
    case 'a':
    case 'A': return by([](const proto::PriorityRow& r) { return r.age(); });
    case 'f':
    case 'F': return by([](const proto::PriorityRow& r) { return r.fair_share(); });
    case 'j':
    case 'J': return by([](const proto::PriorityRow& r) { return r.job_size(); });
    case 'p':
    case 'P': return by([](const proto::PriorityRow& r) { return r.partition_factor(); });
    case 'y':
    case 'Y': return by([](const proto::PriorityRow& r) { return r.priority(); });
    case 'c':  // cluster, QOS name, account, QOS and TRES factors: the same for every row
    case 'n':
    case 'o':
    case 'q':
    case 'Q':
    case 't':
    case 'T': return by([](const proto::PriorityRow&) { return 0; });
    default: return std::nullopt;
  }
}

}  // namespace

SprioWeights WeightsOf(const proto::PriorityReply& reply, uint32_t qos) {
  return {reply.weight_age(), reply.weight_fair_share(), reply.weight_job_size(), reply.weight_partition(), qos};
}

std::string SprioDefaultFormat(bool normalized, bool long_format, bool users_given, const SprioWeights& weights) {
  if (long_format) {
    return normalized ? "%.15i %9r %.8u %10y %10a %10f %10j %10p %10q %20t"
                      : "%.15i %9r %.8u %.10Y %.10S %.10A %.10F %.10J %.10P %.10Q %.11N %.20T";
  }
  std::string format = "%.15i %9r";
  if (users_given) format += " %.8u";
  format += normalized ? " %10y" : " %.10Y %.10S";
  const char* style = normalized ? " %10" : " %.10";
  auto column = [&](uint32_t weight, char weighted, char norm) {
    if (weight != 0) format += std::string(style) + (normalized ? norm : weighted);
  };
  column(weights.age, 'A', 'a');
  column(weights.fair_share, 'F', 'f');
  column(weights.job_size, 'J', 'j');
  column(weights.partition, 'P', 'p');
  column(weights.qos, 'Q', 'q');
  return format;
}

std::vector<char> InvalidSprioFields(const std::string& format) {
  return UnknownFieldTypes(ParseFormat(format), kSprioFieldTypes);
}

std::vector<proto::PriorityRow> FilterPriorityRows(const proto::PriorityReply& reply,
                                                   const std::vector<std::string>& users,
                                                   const std::vector<std::string>& partitions) {
  auto allowed = [](const std::vector<std::string>& list, const std::string& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
  };
  std::vector<proto::PriorityRow> rows;
  for (const proto::PriorityRow& row : reply.rows()) {
    if (allowed(users, row.user()) && allowed(partitions, row.partition())) rows.push_back(row);
  }
  return rows;
}

Status SortPriorityRows(std::vector<proto::PriorityRow>& rows, const std::string& sort) {
  std::string spec = sort.empty() ? "i" : sort;
  // The last key is applied first, so the first one decides (stable sorts).
  std::vector<std::pair<std::function<int(const proto::PriorityRow&, const proto::PriorityRow&)>, bool>> keys;
  for (size_t i = 0; i < spec.size(); ++i) {
    char c = spec[i];
    if (c == ',' || c == '-' || c == '+') continue;
    auto key = SortKey(c);
    if (!key) return InvalidArgument(std::string("sprio: error: Invalid sort specification: ") + c);
    keys.emplace_back(*key, i > 0 && spec[i - 1] == '-');
  }
  for (auto it = keys.rbegin(); it != keys.rend(); ++it) {
    const auto& [compare, descending] = *it;
    std::stable_sort(rows.begin(), rows.end(), [&](const proto::PriorityRow& a, const proto::PriorityRow& b) {
      int order = compare(a, b);
      return descending ? order > 0 : order < 0;
    });
  }
  return Status::Ok();
}

std::string FormatSprio(const std::vector<proto::PriorityRow>& rows, const SprioWeights& weights,
                        const std::string& format, bool header, bool weights_line) {
  ParsedFormat parsed = ParseFormat(format);
  // Slurm drops an unknown field along with the text after it.
  std::erase_if(parsed.fields, [](const FormatField& field) { return !Known(field.type); });
  size_t row_count = weights_line ? 1 : rows.size();
  auto lookup = [&](size_t row, const FormatField& field) -> std::optional<Cell> {
    if (row == kHeaderRow) return Cell{HeaderOf(field.type), true};
    if (weights_line) return Cell{WeightValue(field.type, weights), true};
    return Cell{RowValue(field.type, rows[row], weights), true};
  };
  return RenderTable(parsed, row_count, header, lookup);
}

}  // namespace bramble::cli
