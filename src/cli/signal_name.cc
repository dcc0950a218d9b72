// Signal name table; see signal_name.h.
#include "cli/signal_name.h"

#include <csignal>
#include <string>

namespace bramble::cli {
namespace {

struct SignalEntry {
  const char* name;  // without "SIG"
  int number;
};

// The Linux signals Slurm's sig_name2num knows, plus the other standard ones.
constexpr SignalEntry kSignals[] = {
    {"HUP", SIGHUP},       {"INT", SIGINT},       {"QUIT", SIGQUIT},   {"ILL", SIGILL},
    {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},     {"IOT", SIGIOT},     {"BUS", SIGBUS},
    {"FPE", SIGFPE},       {"KILL", SIGKILL},     {"USR1", SIGUSR1},   {"SEGV", SIGSEGV},
    {"USR2", SIGUSR2},     {"PIPE", SIGPIPE},     {"ALRM", SIGALRM},   {"TERM", SIGTERM},
    {"STKFLT", SIGSTKFLT}, {"CHLD", SIGCHLD},     {"CONT", SIGCONT},   {"STOP", SIGSTOP},
    {"TSTP", SIGTSTP},     {"TTIN", SIGTTIN},     {"TTOU", SIGTTOU},   {"URG", SIGURG},
    {"XCPU", SIGXCPU},     {"XFSZ", SIGXFSZ},     {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF},
    {"WINCH", SIGWINCH},   {"IO", SIGIO},         {"POLL", SIGPOLL},   {"PWR", SIGPWR},
    {"SYS", SIGSYS},
};

// Linux's SIGRTMAX; the macro is a function call in glibc, so spell it out.
constexpr int kMaxSignal = 64;

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

Result<int> ParseSignal(std::string_view text) {
  auto invalid = [&] { return InvalidArgument("invalid signal name: " + std::string(text)); };
  if (text.empty()) return invalid();
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    if (text.size() > 3) return invalid();
    int number = std::stoi(std::string(text));
    if (number < 1 || number > kMaxSignal) return invalid();
    return number;
  }
  std::string name = Upper(text);
  if (name.rfind("SIG", 0) == 0) name.erase(0, 3);
  for (const SignalEntry& entry : kSignals) {
    if (name == entry.name) return entry.number;
  }
  return invalid();
}

std::string SignalName(int signal) {
  for (const SignalEntry& entry : kSignals) {
    if (entry.number == signal) return entry.name;
  }
  return std::to_string(signal);
}

}  // namespace bramble::cli
