// The root-only local jobs socket; see local_jobs_socket.h.
#include "node/local_jobs_socket.h"

#include <filesystem>

#include "common/log.h"
#include "net/frame.h"

namespace bramble::node {

proto::Response AnswerLocalJobs(const net::CallContext& ctx, const proto::Request& request,
                                const LocalJobsLookup& lookup, const SessionAdopter& adopt) {
  if (!ctx.peer_uid || *ctx.peer_uid != 0) {
    std::string uid = ctx.peer_uid ? std::to_string(*ctx.peer_uid) : "unknown";
    spdlog::warn("node socket: refused a caller with uid {}", uid);
    return net::ErrorResponse(Code::kPermissionDenied, "only root may ask which jobs run on this node");
  }
  if (request.kind_case() != proto::Request::kLocalJobs) {
    return net::ErrorResponse(Code::kInvalidArgument, "the node socket only answers which jobs a user runs here");
  }
  proto::Response response;
  auto* reply = response.mutable_local_jobs();  // set even when empty: "no jobs" is an answer
  for (uint32_t job_id : lookup(request.local_jobs().uid())) reply->add_job_ids(job_id);
  uint32_t pid = request.local_jobs().adopt_pid();
  if (pid != 0 && reply->job_ids_size() > 0) {
    Result<uint32_t> adopted = adopt(request.local_jobs().uid(), pid);
    if (adopted) reply->set_adopted_job(*adopted);
    else reply->set_adopt_error(adopted.error().message());
  }
  return response;
}

Result<std::unique_ptr<net::RpcServer>> ServeLocalJobs(asio::io_context& io, const std::string& path,
                                                       LocalJobsLookup lookup, SessionAdopter adopt) {
  // Callers are told apart by SO_PEERCRED, not by a credential: no secret
  // needs to be in the PAM module.
  auto accept_unsigned = [](const proto::Envelope&, net::CallContext&) { return Status::Ok(); };
  auto handler = [lookup = std::move(lookup), adopt = std::move(adopt)](const net::CallContext& ctx,
                                                                      const proto::Request& request) {
    return AnswerLocalJobs(ctx, request, lookup, adopt);
  };
  // /run/bramble does not survive a reboot. 0755 because the signer's
  // socket, which every user reaches, usually lives beside this one.
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent)) {
    std::filesystem::create_directories(parent, ec);
    std::filesystem::permissions(parent, std::filesystem::perms(0755), ec);
  }
  auto server = std::make_unique<net::RpcServer>(io, "node socket", accept_unsigned, handler);
  BRAMBLE_RETURN_IF_ERROR(server->ListenUnix(path, 0600));
  return server;
}

}  // namespace bramble::node
