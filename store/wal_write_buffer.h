// A SQLite VFS that gathers the writes SQLite makes to a database's -wal
// file and hands them to the file system in a few large writes per commit.
//
// Why: SQLite writes each WAL frame as two writes, its 24-byte header and
// then the page. A one-article commit touches ~53 pages, so it made ~106
// pwrite calls, and on these VMs the system calls, not the bytes, were the
// cost: pwrite took 28% of the store writer's CPU at batch 1
// (bench/README.md, stop 15).
//
// The VFS sits over the default one. Files other than a -wal file (the
// database, its -shm, journals) are the default VFS's own, untouched. A -wal
// file keeps the bytes written since its last flush in one contiguous
// buffer (writes that append to it or overwrite inside it stay there), and
// flushes it, in 64 KiB writes, before anything that could observe the
// file: xSync, xRead touching it, xTruncate, xFileSize, xFileControl,
// xClose, a write elsewhere, or the buffer reaching 4 MiB.
//
// Contract: a commit is as durable as without the buffer only where SQLite
// syncs the WAL at each commit, i.e. journal_mode=WAL with synchronous=FULL
// or EXTRA, as the store's writer runs. Under NORMAL a commit is never
// synced, so it would stay in this process's memory until a later flush and
// a kill -9 would lose it. Readers, in this process or another, cannot see a
// buffered frame: SQLite publishes a commit in the WAL index only after the
// sync. A flush that fails (a full disk) drops the buffer and fails the
// call that flushed, in a way that makes SQLite roll back the whole
// transaction: an I/O error where SQLite would otherwise undo only the
// failing statement and go on to commit frames that were never written.
#ifndef PARLEY_STORE_WAL_WRITE_BUFFER_H_
#define PARLEY_STORE_WAL_WRITE_BUFFER_H_

#include <cstdint>

#include "absl/status/statusor.h"

namespace parley::store::sqlite {

// Registers the VFS once (not as the default) and returns its name, for the
// last argument of sqlite3_open_v2. Thread-safe.
absl::StatusOr<const char*> WalWriteBufferVfs();

// Process-wide counts since start: writes SQLite made to -wal files through
// the VFS, and the writes that reached the file system for them.
struct WalWriteCounts {
  int64_t writes_in = 0;
  int64_t writes_out = 0;
};
WalWriteCounts GetWalWriteCounts();

}  // namespace parley::store::sqlite

#endif  // PARLEY_STORE_WAL_WRITE_BUFFER_H_
