// Signing and checking credentials on the wire; see signing.h.
#include "net/signing.h"

#include <chrono>

#include "auth/state_dir.h"
#include "common/log.h"
#include "net/frame.h"

namespace bramble::net {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string SealSignedRequest(const proto::Request& request, const std::string& secret,
                              const std::string& signer_name) {
  std::string body = SerializeRequest(request);
  proto::Credential credential = auth::SignCredential(secret, 0, 0, signer_name, auth::Sha256(body), NowMs());
  return SealEnvelope(body, &credential);
}

Authenticator CredentialAuthenticator(std::string secret, std::shared_ptr<auth::ReplayCache> replay) {
  return [secret = std::move(secret), replay](const proto::Envelope& envelope, CallContext& ctx) -> Status {
    if (!envelope.has_credential()) return Unauthenticated("no credential");
    Status status = auth::VerifyCredential(secret, envelope.credential(), auth::Sha256(envelope.body()), NowMs(), replay.get());
    if (!status.ok()) return status;
    ctx.credential = envelope.credential();
    return Status::Ok();
  };
}

Authenticator PeerAuthenticator() {
  return [](const proto::Envelope&, CallContext& ctx) -> Status {
    if (!ctx.peer_uid || !ctx.peer_gid) return Unauthenticated("cannot read the caller's identity (SO_PEERCRED)");
    ctx.credential.Clear();
    ctx.credential.set_uid(*ctx.peer_uid);
    ctx.credential.set_gid(*ctx.peer_gid);
    ctx.credential.set_issued_at_ms(NowMs());
    return Status::Ok();
  };
}

namespace {

proto::Response Sign(const std::string& secret, const CallContext& ctx, const proto::Request& request) {
  if (request.kind_case() != proto::Request::kSign) {
    return ErrorResponse(Code::kInvalidArgument, "the signer socket only signs credentials");
  }
  if (request.sign().payload_sha256().size() != 32) {
    return ErrorResponse(Code::kInvalidArgument, "payload digest must be 32 bytes");
  }
  proto::Response response;
  *response.mutable_sign()->mutable_credential() =
      auth::SignCredential(secret, ctx.credential.uid(), ctx.credential.gid(), "", request.sign().payload_sha256(), NowMs());
  return response;
}

}  // namespace

Result<std::unique_ptr<RpcServer>> ServeLocal(asio::io_context& io, const std::string& path, std::string name,
                                              Authenticator authenticate, Handler handler) {
  // /run/bramble does not survive a reboot: make it (the socket itself is
  // 0666 and trusts only SO_PEERCRED).
  (void)auth::MakeEnterableParent(path);  // ListenUnix says what went wrong
  auto server = std::make_unique<RpcServer>(io, std::move(name), std::move(authenticate), std::move(handler));
  BRAMBLE_RETURN_IF_ERROR(server->ListenUnix(path, 0666));
  return server;
}

Result<std::unique_ptr<RpcServer>> ServeSigner(asio::io_context& io, const std::string& path, std::string secret) {
  // Who asks is who the kernel says (PeerAuthenticator): that is what it signs.
  auto handler = [secret = std::move(secret)](const CallContext& ctx, const proto::Request& request) {
    return Sign(secret, ctx, request);
  };
  return ServeLocal(io, path, "signer", PeerAuthenticator(), handler);
}

}  // namespace bramble::net
