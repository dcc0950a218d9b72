// Batch-script checks and #SBATCH directives (COMPAT.md 8.5).
//
// A directive is a line that starts, at column 0, with "#SBATCH" (or the
// legacy "#SLURM") followed by whitespace or the end of the line. Scanning
// stops at the first line that is neither blank nor a comment, so directives
// after the first command are plain comments, as in Slurm. The directive's
// text is split like Slurm's get_argument (src/sbatch/opt.c): whitespace
// separates arguments, '...' and "..." group, a backslash makes the next
// character literal (Slurm drops an escaped blank instead; we keep it), and
// an unquoted '#' starts a comment that ends the line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace bramble::cli {

// Checks what sbatch checks before reading directives: the script is not
// empty or only whitespace, starts with "#!", holds no NUL byte and no DOS
// line breaks. The error message is Slurm's text, possibly several lines
// (without the "sbatch: error: " prefix).
Status CheckBatchScript(std::string_view script);

// Splits the text after the magic word of one directive into arguments.
// Fails on an unmatched quote.
Result<std::vector<std::string>> SplitDirectiveArguments(std::string_view text);

// The arguments of every directive before the first command, in order.
// Fails on an unmatched quote with "line N: Unmatched `\"` in [<line>]".
Result<std::vector<std::string>> ScriptDirectiveArguments(std::string_view script);

}  // namespace bramble::cli
