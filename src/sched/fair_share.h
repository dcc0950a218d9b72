// Fair-share: Slurm's usage decay and its default Fair Tree algorithm
// (fair_tree.html, PriorityFlags without NO_FAIR_TREE) for a flat association
// tree, every user directly under root. Pure arithmetic over the users' raw
// shares and decayed usage; the caller owns the clock and the usage records.
//
// Entry points: DecayUsage ages recorded usage by PriorityDecayHalfLife;
// ComputeFairShare gives each user's `sshare` columns and fair-share factor.
//
// Fair Tree on one level: each user's Level FS is NormShares / EffectvUsage
// (infinite with no usage, 0 with no shares). Users are ranked by it, highest
// first; of N users, one with k users of strictly higher Level FS gets rank
// N - k and the factor (N - k) / N, so the least-served user gets 1.0 and
// tied users share the rank of the first of them while the next one's rank
// counts them all (4 users, the middle two tied: 4, 3, 3, 1; as fair_tree.c
// keeps a "rank no ties" counter). Bramble ranks by raw shares
// over raw usage, which orders exactly as Level FS (the two differ by the
// common factor total usage / total shares) without its extra roundings, so
// users whose ratios are mathematically equal always tie.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bramble::sched {

// `usage` after `elapsed_s` seconds of decay with half-life `half_life_s`:
// usage * 2^(-elapsed_s / half_life_s). A half-life of 0 (or less) means no
// decay, as PriorityDecayHalfLife=0 does; a negative elapsed time decays
// nothing. Slurm applies the per-second factor 1 - 0.693 / half_life, which
// leaves 0.50007 after one half-life of 7 days (the default) and 0.49806
// after one of 60 s; this form halves exactly and composes exactly.
double DecayUsage(double usage, int64_t elapsed_s, int64_t half_life_s);

// One user association.
struct UserUsage {
  std::string user;
  uint32_t raw_shares = 1;  // sacctmgr Fairshare=, RawShares in sshare
  double raw_usage = 0;     // decayed CPU-seconds, RawUsage in sshare
};

// One line of `sshare -l` for a user.
struct FairShareRow {
  std::string user;
  uint32_t raw_shares = 0;
  double norm_shares = 0;      // NormShares: raw_shares / all users' shares
  double raw_usage = 0;        // RawUsage
  double effective_usage = 0;  // EffectvUsage: raw_usage / all users' usage, 0 when none
  double fair_share = 0;       // FairShare: the factor priority.h weighs
  double level_fs = 0;         // Level FS: norm_shares / effective_usage (may be +inf)
};

// The rows for `users`, sorted by user name (users of the same name keep their
// input order). A user with zero shares gets fair_share 0 but still counts in
// N, below every user with shares; Slurm's Fair Tree ranks such a user last
// with Level FS 0, which still yields rank / N, while its classic algorithm
// gives 0: Bramble gives 0, so a user without shares gets no fair-share
// priority. Usage that is negative or not a finite number counts as 0. Never
// fails; an empty input gives no rows.
std::vector<FairShareRow> ComputeFairShare(const std::vector<UserUsage>& users);

}  // namespace bramble::sched
