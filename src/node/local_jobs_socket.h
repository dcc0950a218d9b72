// The node daemon's root-only socket (NodeSocket=, docs/pam.md), where
// pam_bramble, running as root in sshd's PAM stack, asks which of a user's
// jobs run on this node. Only root may ask: the socket is mode 0600 and the
// caller's SO_PEERCRED uid must also be 0, so that no user can list another
// user's jobs through it, even if the socket's mode were loosened.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/rpc_server.h"

namespace bramble::node {

// The ids of uid's jobs with a batch script, a step or an allocation here, ascending.
using LocalJobsLookup = std::function<std::vector<uint32_t>(uint32_t uid)>;
// Moves process pid into the extern step of uid's newest job here; its id.
using SessionAdopter = std::function<Result<uint32_t>(uint32_t uid, uint32_t pid)>;

// The answer to one request on the socket: LocalJobsReply for a root caller
// asking LocalJobsRequest; kPermissionDenied for any other caller (or one
// whose uid is unknown), kInvalidArgument for any other request.
// With adopt_pid (and at least one job), the reply also says which job the
// process was adopted into, or why not.
proto::Response AnswerLocalJobs(const net::CallContext& ctx, const proto::Request& request,
                                const LocalJobsLookup& lookup, const SessionAdopter& adopt);

// Listens on `path` with mode 0600 (replacing a stale socket, creating a
// missing parent directory with mode 0755) and answers with AnswerLocalJobs.
// The server must outlive the io_context's run. Fails when it cannot listen.
Result<std::unique_ptr<net::RpcServer>> ServeLocalJobs(asio::io_context& io, const std::string& path,
                                                       LocalJobsLookup lookup, SessionAdopter adopt);

}  // namespace bramble::node
