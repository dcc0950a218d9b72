// pam_bramble.so, the PAM account module of compute nodes (docs/pam.md):
//
//   account required pam_bramble.so [socket=PATH] [adopt]
//
// pam_sm_acct_mgmt lets root in, and any other user only while the node
// daemon (asked over its root-only NodeSocket) runs a job of theirs here.
// This file is the PAM glue: it looks the user up, hands the decision to
// access_decision.h, and passes its messages to the user and to syslog.
#include <pwd.h>
#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <syslog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <vector>

#include "pam/access_decision.h"
#include "pam/node_query.h"

namespace bramble::pam {
namespace {

// The user's uid; nullopt when there is no such user. Fails (PAM_SYSTEM_ERR)
// when the user database cannot be read.
std::optional<uid_t> LookUpUid(pam_handle_t* pamh, const char* user, int& pam_status) {
  long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(hint > 0 ? static_cast<size_t>(hint) : 4096);
  struct passwd entry {};
  struct passwd* found = nullptr;
  int error;
  while ((error = ::getpwnam_r(user, &entry, buffer.data(), buffer.size(), &found)) == ERANGE) {
    buffer.resize(buffer.size() * 2);
  }
  if (error != 0) {
    pam_syslog(pamh, LOG_ERR, "cannot look up user %s: %s", user, std::strerror(error));
    pam_status = PAM_SYSTEM_ERR;
    return std::nullopt;
  }
  pam_status = found ? PAM_SUCCESS : PAM_USER_UNKNOWN;
  if (!found) return std::nullopt;
  return found->pw_uid;
}

int AccountManagement(pam_handle_t* pamh, int flags, int argc, const char** argv) {
  ModuleArgs args = ParseModuleArgs(argc, argv);
  const char* user = nullptr;
  if (pam_get_user(pamh, &user, nullptr) != PAM_SUCCESS || user == nullptr || *user == '\0') {
    pam_syslog(pamh, LOG_ERR, "cannot tell which user is logging in");
    return PAM_USER_UNKNOWN;
  }
  int status = PAM_SUCCESS;
  std::optional<uid_t> uid = LookUpUid(pamh, user, status);
  if (!uid) {
    if (status == PAM_USER_UNKNOWN) pam_syslog(pamh, LOG_NOTICE, "unknown user %s", user);
    return status;
  }
  // adopt: this process is sshd's for the session; the user's shell forks from it.
  uint32_t adopt_pid = args.adopt ? static_cast<uint32_t>(::getpid()) : 0;
  AccessDecision decision = DecideAccess(user, *uid, args, [&args, adopt_pid](uint32_t asked) {
    return AskLocalJobsAndAdopt(args.socket_path, asked, adopt_pid);
  });
  for (const auto& line : decision.log) pam_syslog(pamh, line.priority, "%s", line.text.c_str());
  if (!decision.user_message.empty() && !(flags & PAM_SILENT)) {
    pam_error(pamh, "%s", decision.user_message.c_str());
  }
  return decision.allowed ? PAM_SUCCESS : PAM_PERM_DENIED;
}

}  // namespace
}  // namespace bramble::pam

// The one symbol the module exports (pam_bramble.map). Nothing may escape
// into the PAM library's C code, so this is the module's one catch.
extern "C" {
PAM_EXTERN int pam_sm_acct_mgmt(pam_handle_t* pamh, int flags, int argc, const char** argv) {
  try {
    return bramble::pam::AccountManagement(pamh, flags, argc, argv);
  } catch (...) {
    pam_syslog(pamh, LOG_ERR, "internal error; access denied");
    return PAM_SYSTEM_ERR;
  }
}
}
