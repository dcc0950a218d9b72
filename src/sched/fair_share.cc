// Fair-share: usage decay and Fair Tree ranking on a flat association tree.
// The rules and where they come from are in fair_share.h.
#include "sched/fair_share.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace bramble::sched {
namespace {

// Usage as ComputeFairShare counts it: negative, NaN and infinite are 0.
double CleanUsage(double usage) { return std::isfinite(usage) && usage > 0 ? usage : 0; }

// The ranking key: higher is less served. Orders like Level FS (shares over
// usage scaled by total usage over total shares) and like it is infinite
// without usage; users without shares sit below everyone.
long double RankKey(const FairShareRow& row) {
  if (row.raw_shares == 0) return -1;
  if (row.raw_usage == 0) return std::numeric_limits<long double>::infinity();
  return static_cast<long double>(row.raw_shares) / static_cast<long double>(row.raw_usage);
}

// Sets fair_share on every row: rank / N, ties sharing the first one's rank.
void RankRows(std::vector<FairShareRow>& rows) {
  std::vector<long double> keys;
  keys.reserve(rows.size());
  for (const FairShareRow& row : rows) keys.push_back(RankKey(row));
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&keys](size_t a, size_t b) { return keys[a] > keys[b]; });

  const double user_count = static_cast<double>(rows.size());
  size_t untied_rank = rows.size();  // the rank the next user gets unless tied
  size_t rank = untied_rank;
  for (size_t i = 0; i < order.size(); ++i) {
    size_t row = order[i];
    if (i == 0 || keys[row] != keys[order[i - 1]]) rank = untied_rank;
    rows[row].fair_share = rows[row].raw_shares == 0 ? 0 : static_cast<double>(rank) / user_count;
    --untied_rank;
  }
}

}  // namespace

double DecayUsage(double usage, int64_t elapsed_s, int64_t half_life_s) {
  if (half_life_s <= 0 || elapsed_s <= 0) return usage;
  return usage * std::exp2(-static_cast<double>(elapsed_s) / static_cast<double>(half_life_s));
}

std::vector<FairShareRow> ComputeFairShare(const std::vector<UserUsage>& users) {
  std::vector<FairShareRow> rows;
  rows.reserve(users.size());
  for (const UserUsage& u : users) {
    FairShareRow row;
    row.user = u.user;
    row.raw_shares = u.raw_shares;
    row.raw_usage = CleanUsage(u.raw_usage);
    rows.push_back(row);
  }
  // Sorted first, so the sums below do not depend on the input order.
  std::stable_sort(rows.begin(), rows.end(),
                   [](const FairShareRow& a, const FairShareRow& b) { return a.user < b.user; });

  uint64_t total_shares = 0;
  long double total_usage = 0;
  for (const FairShareRow& row : rows) {
    total_shares += row.raw_shares;
    total_usage += row.raw_usage;
  }
  for (FairShareRow& row : rows) {
    if (total_shares > 0) {
      row.norm_shares = static_cast<double>(row.raw_shares) / static_cast<double>(total_shares);
    }
    if (total_usage > 0) {
      row.effective_usage = static_cast<double>(row.raw_usage / total_usage);
    }
    if (row.raw_shares == 0) {
      row.level_fs = 0;
    } else if (row.effective_usage == 0) {
      row.level_fs = std::numeric_limits<double>::infinity();
    } else {
      row.level_fs = row.norm_shares / row.effective_usage;
    }
  }
  RankRows(rows);
  return rows;
}

}  // namespace bramble::sched
