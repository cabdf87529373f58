#include "store/wal_write_buffer.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "store/sqlite_db.h"

namespace parley::store::sqlite {
namespace {

constexpr char kVfsName[] = "parley-wal-write-buffer";
constexpr size_t kMaxBuffered = size_t{4} << 20;
// The Unix VFS writes at most 128 KiB - 1 bytes per call (it masks the
// length to 17 bits) and reports a short write as a full disk, so a flush
// goes down in pieces of this size.
constexpr size_t kWritePiece = size_t{64} << 10;

std::atomic<int64_t> writes_in{0};
std::atomic<int64_t> writes_out{0};

// The default VFS, set once by Register().
sqlite3_vfs* base_vfs = nullptr;

// What SQLite allocates for a -wal file opened through this VFS: our part,
// then the default VFS's file (at `real`).
struct WalFile {
  sqlite3_file base;       // base.pMethods = &kWalMethods
  sqlite3_file* real;      // the default VFS's open file
  sqlite3_int64 start;     // file offset of pending->front()
  std::string* pending;    // bytes not yet written; owned
  sqlite3_int64 lost_from;  // first byte a failed flush dropped; -1 if none
};

constexpr size_t RealOffset() { return (sizeof(WalFile) + 7) & ~size_t{7}; }

WalFile* Self(sqlite3_file* file) { return reinterpret_cast<WalFile*>(file); }
const sqlite3_io_methods& Real(WalFile* f) { return *f->real->pMethods; }

// Writes `size` bytes at `offset` in pieces the default VFS takes whole.
int WriteThrough(WalFile* f, const char* data, size_t size, sqlite3_int64 offset) {
  for (size_t done = 0; done < size; done += kWritePiece) {
    const size_t piece = std::min(kWritePiece, size - done);
    writes_out.fetch_add(1, std::memory_order_relaxed);
    int rc = Real(f).xWrite(f->real, data + done, static_cast<int>(piece),
                            offset + static_cast<sqlite3_int64>(done));
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int Flush(WalFile* f) {
  if (f->pending->empty()) return SQLITE_OK;
  int rc = WriteThrough(f, f->pending->data(), f->pending->size(), f->start);
  // On failure too: stale bytes must not be written later over whatever
  // comes next. SQLite believes the dropped frames are in the file, so the
  // file is marked: see Lost().
  if (rc != SQLITE_OK && (f->lost_from < 0 || f->start < f->lost_from)) f->lost_from = f->start;
  f->pending->clear();
  return rc;
}

// A failed flush dropped frames of the open transaction that SQLite had
// been told were written. Only rolling the whole transaction back makes the
// file and SQLite agree again, and SQLite does that for an I/O error but,
// for SQLITE_FULL in a statement with a statement journal, rolls back just
// that statement and carries on (a later COMMIT would publish frames that
// are not there). So a flush failure outside xWrite and xSync, which SQLite
// handles as a failed write, is reported as SQLITE_IOERR_WRITE; and until
// SQLite writes at or before the dropped bytes again (the next transaction
// starts where the last commit ended), reading them or writing past them
// fails too, so no commit can follow the hole.
bool Lost(const WalFile* f) { return f->lost_from >= 0; }

int FlushOrIoError(WalFile* f) {
  int rc = Flush(f);
  return rc == SQLITE_OK ? SQLITE_OK : SQLITE_IOERR_WRITE;
}

// True when [offset, offset + amount) overlaps the buffered range.
bool Overlaps(const WalFile* f, sqlite3_int64 offset, int amount) {
  if (f->pending->empty()) return false;
  const sqlite3_int64 end = f->start + static_cast<sqlite3_int64>(f->pending->size());
  return offset < end && offset + amount > f->start;
}

int Close(sqlite3_file* file) {
  WalFile* f = Self(file);
  int rc = Flush(f);
  int closed = Real(f).xClose(f->real);
  delete f->pending;
  f->pending = nullptr;
  return rc != SQLITE_OK ? rc : closed;
}

int Read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  WalFile* f = Self(file);
  if (Overlaps(f, offset, amount)) {
    if (int rc = FlushOrIoError(f); rc != SQLITE_OK) return rc;
  }
  if (Lost(f) && offset + amount > f->lost_from) return SQLITE_IOERR_READ;
  return Real(f).xRead(f->real, out, amount, offset);
}

int Write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  WalFile* f = Self(file);
  writes_in.fetch_add(1, std::memory_order_relaxed);
  if (Lost(f)) {
    if (offset > f->lost_from) return SQLITE_IOERR_WRITE;
    f->lost_from = -1;  // Writing again from before the hole: a new start.
  }
  std::string& pending = *f->pending;
  const sqlite3_int64 end = f->start + static_cast<sqlite3_int64>(pending.size());
  // SQLite rewrites a frame of the open transaction in place when the page
  // changes again.
  if (!pending.empty() && offset >= f->start && offset + amount <= end) {
    std::memcpy(pending.data() + (offset - f->start), data, static_cast<size_t>(amount));
    return SQLITE_OK;
  }
  const bool appends = !pending.empty() && offset == end;
  if (!appends || pending.size() + static_cast<size_t>(amount) > kMaxBuffered) {
    if (int rc = Flush(f); rc != SQLITE_OK) return rc;
    f->start = offset;
  }
  if (static_cast<size_t>(amount) > kMaxBuffered) {
    return WriteThrough(f, static_cast<const char*>(data), static_cast<size_t>(amount), offset);
  }
  pending.append(static_cast<const char*>(data), static_cast<size_t>(amount));
  return SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  WalFile* f = Self(file);
  if (int rc = FlushOrIoError(f); rc != SQLITE_OK) return rc;
  if (Lost(f) && size <= f->lost_from) f->lost_from = -1;
  return Real(f).xTruncate(f->real, size);
}

int Sync(sqlite3_file* file, int flags) {
  WalFile* f = Self(file);
  // A failure here fails the COMMIT, which SQLite rolls back whole.
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f).xSync(f->real, flags);
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  WalFile* f = Self(file);
  if (int rc = FlushOrIoError(f); rc != SQLITE_OK) return rc;
  return Real(f).xFileSize(f->real, size);
}

int FileControl(sqlite3_file* file, int op, void* arg) {
  WalFile* f = Self(file);
  if (int rc = FlushOrIoError(f); rc != SQLITE_OK) return rc;
  return Real(f).xFileControl(f->real, op, arg);
}

// The rest pass through. SQLite locks and maps the database file, not the
// -wal, so the version-3 methods are never called on the default VFS's
// -wal file (whose methods are version 3 on Unix anyway).
int Lock(sqlite3_file* file, int level) { return Real(Self(file)).xLock(Self(file)->real, level); }
int Unlock(sqlite3_file* file, int level) {
  return Real(Self(file)).xUnlock(Self(file)->real, level);
}
int CheckReservedLock(sqlite3_file* file, int* out) {
  return Real(Self(file)).xCheckReservedLock(Self(file)->real, out);
}
int SectorSize(sqlite3_file* file) { return Real(Self(file)).xSectorSize(Self(file)->real); }
int DeviceCharacteristics(sqlite3_file* file) {
  return Real(Self(file)).xDeviceCharacteristics(Self(file)->real);
}
int ShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  return Real(Self(file)).xShmMap(Self(file)->real, region, size, extend, out);
}
int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  return Real(Self(file)).xShmLock(Self(file)->real, offset, n, flags);
}
void ShmBarrier(sqlite3_file* file) { Real(Self(file)).xShmBarrier(Self(file)->real); }
int ShmUnmap(sqlite3_file* file, int delete_flag) {
  return Real(Self(file)).xShmUnmap(Self(file)->real, delete_flag);
}
int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  WalFile* f = Self(file);
  if (int rc = FlushOrIoError(f); rc != SQLITE_OK) return rc;
  return Real(f).xFetch(f->real, offset, amount, out);
}
int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  return Real(Self(file)).xUnfetch(Self(file)->real, offset, page);
}

const sqlite3_io_methods kWalMethods = {
    .iVersion = 3,
    .xClose = Close,
    .xRead = Read,
    .xWrite = Write,
    .xTruncate = Truncate,
    .xSync = Sync,
    .xFileSize = FileSize,
    .xLock = Lock,
    .xUnlock = Unlock,
    .xCheckReservedLock = CheckReservedLock,
    .xFileControl = FileControl,
    .xSectorSize = SectorSize,
    .xDeviceCharacteristics = DeviceCharacteristics,
    .xShmMap = ShmMap,
    .xShmLock = ShmLock,
    .xShmBarrier = ShmBarrier,
    .xShmUnmap = ShmUnmap,
    .xFetch = Fetch,
    .xUnfetch = Unfetch,
};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  // Everything but a -wal file is the default VFS's file, in place.
  if ((flags & SQLITE_OPEN_WAL) == 0) {
    return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
  }
  WalFile* f = Self(file);
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + RealOffset());
  f->start = 0;
  f->pending = nullptr;
  f->lost_from = -1;
  int rc = base_vfs->xOpen(base_vfs, name, f->real, flags, out_flags);
  // SQLite closes a file whose pMethods is set even when opening failed.
  if (f->real->pMethods == nullptr) {
    f->base.pMethods = nullptr;
    return rc;
  }
  f->pending = new std::string();
  f->base.pMethods = &kWalMethods;
  return rc;
}

sqlite3_vfs* Register() {
  // sqlite3_vfs_find() initialises SQLite, after which this cannot be set.
  TurnOffProcessWideMemoryStatistics();
  sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
  if (base == nullptr) return nullptr;
  base_vfs = base;
  // The default VFS's own functions, with its own pAppData, for everything
  // but opening files.
  static sqlite3_vfs vfs = *base;
  vfs.szOsFile = static_cast<int>(RealOffset()) + base->szOsFile;
  vfs.pNext = nullptr;
  vfs.zName = kVfsName;
  vfs.xOpen = Open;
  if (sqlite3_vfs_register(&vfs, /*makeDflt=*/0) != SQLITE_OK) return nullptr;
  return &vfs;
}

}  // namespace

absl::StatusOr<const char*> WalWriteBufferVfs() {
  static sqlite3_vfs* const vfs = Register();
  if (vfs == nullptr) {
    return absl::InternalError(absl::StrCat("cannot register the SQLite VFS ", kVfsName));
  }
  return vfs->zName;
}

WalWriteCounts GetWalWriteCounts() {
  return WalWriteCounts{writes_in.load(std::memory_order_relaxed),
                        writes_out.load(std::memory_order_relaxed)};
}

}  // namespace parley::store::sqlite
