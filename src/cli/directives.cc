// #SBATCH directive scanning; see directives.h.
#include "cli/directives.h"

#include <string>

namespace bramble::cli {
namespace {

constexpr std::string_view kMagicWords[] = {"#SBATCH", "#SLURM"};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// The text after the magic word when `line` is a directive.
bool DirectiveText(std::string_view line, std::string_view* text) {
  for (std::string_view magic : kMagicWords) {
    if (line.substr(0, magic.size()) != magic) continue;
    std::string_view rest = line.substr(magic.size());
    if (!rest.empty() && !IsSpace(rest[0])) return false;  // "#SBATCHX" is a comment
    *text = rest;
    return true;
  }
  return false;
}

// Whether the line holds a command (something other than blanks and a comment).
bool IsCommand(std::string_view line) {
  for (char c : line) {
    if (IsSpace(c)) continue;
    return c != '#';
  }
  return false;
}

}  // namespace

Status CheckBatchScript(std::string_view script) {
  if (script.empty()) return InvalidArgument("Batch script is empty!");
  if (script.find_first_not_of(" \t\n\r\v\f") == std::string_view::npos) {
    return InvalidArgument("Batch script contains only whitespace!");
  }
  if (script.substr(0, 2) != "#!") {
    return InvalidArgument(
        "This does not look like a batch script.  The first line must start with #! followed by the path "
        "to an interpreter.\nFor instance: #!/bin/sh");
  }
  if (script.find('\0') != std::string_view::npos) {
    return InvalidArgument("The Slurm controller does not allow scripts that contain a NULL character '\\0'.");
  }
  if (script.find("\r\n") != std::string_view::npos) {
    return InvalidArgument(
        "Batch script contains DOS line breaks (\\r\\n)\ninstead of expected UNIX line breaks (\\n).");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> SplitDirectiveArguments(std::string_view text) {
  std::vector<std::string> arguments;
  size_t i = 0;
  while (true) {
    while (i < text.size() && IsSpace(text[i])) ++i;
    if (i == text.size() || text[i] == '#') return arguments;
    std::string argument;
    char quote = 0;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\\') {
        if (i + 1 < text.size()) argument += text[++i];
      } else if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          argument += c;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (IsSpace(c) || c == '#') {
        break;
      } else {
        argument += c;
      }
    }
    if (quote != 0) return InvalidArgument(std::string("Unmatched `") + quote + "`");
    arguments.push_back(std::move(argument));
  }
}

Result<std::vector<std::string>> ScriptDirectiveArguments(std::string_view script) {
  std::vector<std::string> arguments;
  size_t start = 0;
  for (int line_number = 1; start < script.size(); ++line_number) {
    size_t end = script.find('\n', start);
    if (end == std::string_view::npos) end = script.size();
    std::string_view line = script.substr(start, end - start);
    start = end + 1;

    std::string_view text;
    if (!DirectiveText(line, &text)) {
      if (IsCommand(line)) break;
      continue;
    }
    auto split = SplitDirectiveArguments(text);
    if (!split) {
      return InvalidArgument("line " + std::to_string(line_number) + ": " + split.error().message() + " in [" +
                             std::string(line) + "]");
    }
    for (std::string& argument : *split) arguments.push_back(std::move(argument));
  }
  return arguments;
}

}  // namespace bramble::cli
