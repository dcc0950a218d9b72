// sshare's output (sshare(1); src/sshare/process.c and the print_fields
// routines of Slurm 22.05): one line per association, the root first.
//
// Columns are named fields with a width; a negative width left-justifies
// (Account is -20), a positive one right-justifies, and `-o Field%N` sets N
// (`Account%256` right-justifies in 256 columns). A field name may be any
// prefix of a known name, case-insensitive, the first match in the table
// winning ("Eff" is EffectvUsage, "Raw" RawShares). Every cell is followed by
// one space, header and values alike, and the header is underlined with
// dashes; strings longer than the width end in '+', and ratios print with 6
// decimals ("%f"). -p ends every cell with '|', -P separates cells with '|';
// neither pads, cuts nor underlines. The Account column indents each level
// of the tree by one space: "root", then " root" for a user of account root.
// FairShare and LevelFS are blank on account lines, as Slurm's Fair Tree
// prints them. Cluster, ID, Partition and the TRES columns are blank:
// Bramble has one cluster and no association ids or TRES limits. Pure.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "proto/bramble.pb.h"

namespace bramble::cli {

// The default columns: "Account,User,RawShares,NormShares,RawUsage,
// EffectvUsage,FairShare"; -l adds NormUsage, LevelFS and the TRES columns.
std::string DefaultSshareFields(bool long_format);

struct SshareColumn {
  int field = 0;  // index into the field table
  int width = 0;  // negative = left-justified
};

// Parses a comma-separated field list ("A,User", "Account%256"); repeated
// names are kept once. Fails with "sshare: error: Invalid field requested:
// \"X\"".
Result<std::vector<SshareColumn>> ParseSshareFields(const std::string& list);

// Output style: aligned columns, -p or -P.
enum class SshareStyle { kAligned, kParsable, kParsable2 };

// The rows to show: account lines (no user) unless `users_only`, user lines
// whose user is in `users` (all when `all_users`), and with `accounts` only
// lines of those accounts. Order is kept.
std::vector<proto::ShareRow> FilterShareRows(const proto::SharesReply& reply, bool all_users,
                                             const std::vector<std::string>& users,
                                             const std::vector<std::string>& accounts, bool users_only);

// Renders the header (when `header`; with its dash line when aligned) and
// one line per row, each ending in '\n'.
std::string FormatSshare(const std::vector<proto::ShareRow>& rows, const std::vector<SshareColumn>& columns,
                         bool header, SshareStyle style);

// sshare -e: the field names, four to a line.
std::string SshareFieldList();

}  // namespace bramble::cli
