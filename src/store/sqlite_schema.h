// The SQLite store's schema and its numbered migrations (docs/state.md).
//
// The schema version is the database's PRAGMA user_version: 0 for a new
// (empty) file, N after migration N. Migrations only ever append: a released
// migration is never edited, and every past version has an upgrade test.
#pragma once

#include <sqlite3.h>

#include <string>

#include "base/status.h"

namespace bramble::store {

// The schema version this build creates and reads.
int LatestSchemaVersion();

// Upgrades `db` (the file at `path`, named in errors) from its current
// version to `target`, one migration per transaction, so a crash leaves the
// database at some whole version. InvalidArgument when the database is newer
// than LatestSchemaVersion() (a newer bramble wrote it); kIo when a migration
// fails (the database stays at the last version that succeeded).
Status MigrateSchema(sqlite3* db, const std::string& path, int target = LatestSchemaVersion());

}  // namespace bramble::store
