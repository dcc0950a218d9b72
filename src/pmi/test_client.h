// Test helpers: requests encoded the way MPICH's clients write them, and
// readers for what the node server answered. Header-only, tests only.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "pmi/node_server.h"

namespace bramble::pmi::testing {

// MPICH 4.0's PMIi_WriteSimpleCommand: a length field "%-6d" that counts 6
// bytes too many, the body, then 6 uninitialised bytes (`junk`).
inline std::string Mpich40Message(std::string_view body, std::string_view junk = std::string_view("\0\0\0\0\0\0", 6)) {
  char field[16];
  std::snprintf(field, sizeof field, "%-6zu", body.size() + junk.size());
  return std::string(field) + std::string(body) + std::string(junk);
}

// MPICH >= 4.1 (pmi_wire.c): "%6u" and the exact length.
inline std::string Mpich41Message(std::string_view body) {
  char field[16];
  std::snprintf(field, sizeof field, "%6zu", body.size());
  return std::string(field) + std::string(body);
}

// What the server must write for a reply body: "%-6d", then the body.
inline std::string Framed(std::string_view body) {
  char field[16];
  std::snprintf(field, sizeof field, "%-6zu", body.size());
  return std::string(field) + std::string(body);
}

// Everything the actions write to `connection`, in order.
inline std::string WrittenTo(const std::vector<Action>& actions, size_t connection) {
  std::string bytes;
  for (const WriteToTask& write : ActionsOf<WriteToTask>(actions)) {
    if (write.connection == connection) bytes += write.bytes;
  }
  return bytes;
}

inline bool Closes(const std::vector<Action>& actions, size_t connection) {
  for (const CloseConnection& close : ActionsOf<CloseConnection>(actions)) {
    if (close.connection == connection) return true;
  }
  return false;
}

// Feeds `request` in two reads cut at `cut` (clamped to its size). The
// first read must not produce anything when it ends mid-request. Returns
// the actions of both reads.
inline std::vector<Action> FeedCut(NodeServer& server, size_t connection, std::string_view request, size_t cut) {
  cut = std::min(cut, request.size());
  std::vector<Action> actions = server.Feed(connection, request.substr(0, cut));
  if (cut < request.size()) {
    EXPECT_TRUE(actions.empty()) << "reply before the request was complete (cut at " << cut << ")";
  }
  std::vector<Action> rest = server.Feed(connection, request.substr(cut));
  actions.insert(actions.end(), rest.begin(), rest.end());
  return actions;
}

// Node 0 of a 4-task step on 2 nodes, block placement: this node runs
// ranks 0 and 1 (connections 0 and 1), the other node ranks 2 and 3.
inline StepInfo TwoNodeStep() {
  return StepInfo{.kvs_name = "42.0", .size = 4, .process_mapping = "(vector,(0,2,2))", .local_ranks = {0, 1}};
}

inline NodeServer MakeServer(StepInfo step = TwoNodeStep()) {
  Result<NodeServer> server = NodeServer::Create(std::move(step));
  EXPECT_TRUE(server.has_value()) << server.status().message();
  return std::move(server).value();
}

}  // namespace bramble::pmi::testing
