// The pieces that put identity on the wire: daemons signing their own
// requests, servers checking credentials, and the local signer socket that
// vouches for a CLI user's uid/gid (read with SO_PEERCRED, never taken from
// the client's word). docs/auth.md has the scheme.
#pragma once

#include <memory>
#include <string>

#include "auth/credential.h"
#include "net/rpc_server.h"

namespace bramble::net {

int64_t NowMs();

// An envelope for `request` signed by a daemon holding the secret.
std::string SealSignedRequest(const proto::Request& request, const std::string& secret,
                              const std::string& signer_name);

// Accepts envelopes whose credential verifies against the secret, refusing
// replays; fills ctx.credential.
Authenticator CredentialAuthenticator(std::string secret, std::shared_ptr<auth::ReplayCache> replay);

// Takes the caller's identity from the kernel (SO_PEERCRED on a unix socket)
// instead of from a credential: the peer's uid and gid, node_name empty, so
// the caller is a user (root included), never a daemon. A credential in the
// envelope is ignored: it could only claim what the kernel already says.
Authenticator PeerAuthenticator();

// A unix-socket server at `path`, mode 0666 (callers are told apart only by
// SO_PEERCRED), making its directory (0755) when it is missing, as
// /run/bramble is after a reboot. The server must outlive the io_context's run.
Result<std::unique_ptr<RpcServer>> ServeLocal(asio::io_context& io, const std::string& path, std::string name,
                                              Authenticator authenticate, Handler handler);

// The local signer: a unix-socket server (mode 0666) whose only request is
// SignRequest; it answers a credential for the caller's SO_PEERCRED uid/gid.
// The server must outlive the io_context's run.
Result<std::unique_ptr<RpcServer>> ServeSigner(asio::io_context& io, const std::string& path, std::string secret);

}  // namespace bramble::net
