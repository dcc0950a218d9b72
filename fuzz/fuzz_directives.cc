// Fuzzes sbatch's reading of a batch script (cli/directives.h): the
// script checks and the #SBATCH directive scanner and splitter. The script
// is the user's own input, but sbatch also reads scripts it was handed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cli/directives.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bramble;
  std::string_view script(reinterpret_cast<const char*>(data), size);
  (void)cli::CheckBatchScript(script);
  auto arguments = cli::ScriptDirectiveArguments(script);
  if (arguments) {
    for (const auto& argument : *arguments) {
      if (argument.size() > script.size()) __builtin_trap();  // arguments only ever shrink the text
    }
  }
  (void)cli::SplitDirectiveArguments(script);
  return 0;
}
