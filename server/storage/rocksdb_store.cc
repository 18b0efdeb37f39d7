#include "storage/rocksdb_store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/snapshot.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <mutex>
#include <string_view>
#include <system_error>
#include <utility>

#include "storage/record_codec.h"

// On-disk layout. Column families (besides RocksDB's mandatory, unused "default"):
//   items           tenant \0 group \0 dataId \0 grayName      -> EncodeConfigItem
//   history         nid as 8-byte big-endian                    -> EncodeHistoryEntry
//   history_by_key  tenant \0 group \0 dataId \0 nid(8-byte BE) -> "" (index for ListHistory)
//   namespaces      id                                          -> EncodeNamespace
//   meta            "last_revision"                             -> EncodeCounter
//   auth            opaque key (auth/auth_records.h)            -> opaque value
// Column families are created when missing, so data dirs from before a family existed open.
// Ids are validated ASCII without NUL, so the three NUL terminators make the prefix of one
// key never a prefix of another key's entries; big-endian nids sort numerically.

namespace lever::storage {
namespace {

enum Cf : size_t {
  kDefaultCf, kItemsCf, kHistoryCf, kHistoryByKeyCf, kNamespacesCf, kMetaCf, kAuthCf
};
constexpr const char* kCfNames[] = {"default",    "items", "history", "history_by_key",
                                    "namespaces", "meta",  "auth"};
constexpr std::string_view kLastRevisionKey = "last_revision";

// Bounds the memory a large prune holds while building its batch.
constexpr size_t kPruneBatchRows = 1024;

Status Check(const rocksdb::Status& s, const char* op) {
  if (s.ok()) return Status::Ok();
  return Status::Internal(std::string("rocksdb ") + op + ": " + s.ToString());
}

std::string BigEndian(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<char>(v & 0xff);
  return out;
}

uint64_t FromBigEndian(std::string_view bytes) {
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

std::string KeyPrefix(const core::ConfigKey& key) {
  std::string out;
  out.reserve(key.tenant.size() + key.group.size() + key.data_id.size() + 3 + 8);
  for (const std::string* part : {&key.tenant, &key.group, &key.data_id}) {
    out.append(*part);
    out.push_back('\0');
  }
  return out;
}

std::string ItemKey(const core::ConfigKey& key, const std::string& gray_name) {
  return KeyPrefix(key) + gray_name;
}

std::string HistoryIndexKey(const core::ConfigKey& key, uint64_t nid) {
  return KeyPrefix(key) + BigEndian(nid);
}

rocksdb::Slice AsSlice(std::string_view s) { return {s.data(), s.size()}; }
std::string_view AsView(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

}  // namespace

struct RocksDbStore::Impl {
  ~Impl() {
    // Handles must go before the database they belong to.
    if (!db) return;
    for (rocksdb::ColumnFamilyHandle* cf : cfs) db->DestroyColumnFamilyHandle(cf);
    db->Close().PermitUncheckedError();
  }

  rocksdb::ColumnFamilyHandle* cf(Cf which) const { return cfs[which]; }

  // Read options pinned to `snapshot`; full scans pass fill_cache = false so start-up and
  // retention do not evict the blocks that serve history pages.
  static rocksdb::ReadOptions Reads(const rocksdb::Snapshot* snapshot, bool fill_cache = true) {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot;
    ro.fill_cache = fill_cache;
    return ro;
  }

  StatusOr<core::HistoryEntry> ReadHistoryRow(const rocksdb::ReadOptions& ro, uint64_t nid) {
    std::string value;
    rocksdb::Status s = db->Get(ro, cf(kHistoryCf), BigEndian(nid), &value);
    if (s.IsNotFound()) {
      return Status::Internal("corrupt history index: no row for nid " + std::to_string(nid));
    }
    LEVER_RETURN_IF_ERROR(Check(s, "get history"));
    return DecodeHistoryEntry(value);
  }

  rocksdb::WriteOptions write_options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;

  std::mutex apply_mutex;      // makes Apply() safe even if the single-writer rule is broken
  std::mutex auth_mutex;       // makes CreateAuthRecord's check-then-write atomic
  uint64_t last_revision = 0;  // guarded by apply_mutex
};

StatusOr<std::unique_ptr<RocksDbStore>> RocksDbStore::Open(const RocksDbStoreOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.path, ec);
  if (ec) return Status::Internal("create data dir " + options.path + ": " + ec.message());

  // Sized for a small resident set: one small shared block cache, 4 MiB memtables with a global
  // cap, a bounded number of open files and a short info log.
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_open_files = 256;
  db_options.max_background_jobs = 2;
  db_options.db_write_buffer_size = 16u << 20;
  db_options.max_total_wal_size = 64u << 20;
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  db_options.keep_log_file_num = 2;
  db_options.max_log_file_size = 1u << 20;
  db_options.stats_dump_period_sec = 0;

  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table_options.cache_index_and_filter_blocks = true;
  table_options.pin_l0_filter_and_index_blocks_in_cache = true;

  rocksdb::ColumnFamilyOptions cf_options;
  cf_options.write_buffer_size = 4u << 20;
  cf_options.max_write_buffer_number = 2;
  cf_options.level_compaction_dynamic_level_bytes = true;
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const char* name : kCfNames) descriptors.emplace_back(name, cf_options);

  auto impl = std::make_unique<Impl>();
  rocksdb::DB* raw = nullptr;
  LEVER_RETURN_IF_ERROR(
      Check(rocksdb::DB::Open(db_options, options.path, descriptors, &impl->cfs, &raw), "open"));
  impl->db.reset(raw);
  impl->write_options.sync = options.sync_writes;

  std::string value;
  rocksdb::Status s =
      impl->db->Get(rocksdb::ReadOptions(), impl->cf(kMetaCf), AsSlice(kLastRevisionKey), &value);
  if (!s.IsNotFound()) {
    LEVER_RETURN_IF_ERROR(Check(s, "get last_revision"));
    StatusOr<uint64_t> revision = DecodeCounter(value);
    if (!revision.ok()) return revision.status();
    impl->last_revision = *revision;
  }
  return std::unique_ptr<RocksDbStore>(new RocksDbStore(std::move(impl)));
}

RocksDbStore::RocksDbStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RocksDbStore::~RocksDbStore() = default;

Status RocksDbStore::Apply(const std::vector<Mutation>& batch) {
  if (batch.empty()) return Status::Ok();
  std::lock_guard lock(impl_->apply_mutex);
  Impl& db = *impl_;
  rocksdb::WriteBatch wb;
  uint64_t revision = db.last_revision;
  for (const Mutation& m : batch) {
    switch (m.kind) {
      case Mutation::Kind::kPutItem:
        LEVER_RETURN_IF_ERROR(Check(wb.Put(db.cf(kItemsCf), ItemKey(m.item.key, m.item.gray_name),
                                           EncodeConfigItem(m.item)),
                                    "batch put item"));
        break;
      case Mutation::Kind::kDeleteItem:
        LEVER_RETURN_IF_ERROR(
            Check(wb.Delete(db.cf(kItemsCf), ItemKey(m.item.key, m.item.gray_name)),
                  "batch delete item"));
        break;
      case Mutation::Kind::kPutNamespace:
        LEVER_RETURN_IF_ERROR(Check(wb.Put(db.cf(kNamespacesCf), m.ns.id, EncodeNamespace(m.ns)),
                                    "batch put namespace"));
        break;
      case Mutation::Kind::kDeleteNamespace:
        LEVER_RETURN_IF_ERROR(
            Check(wb.Delete(db.cf(kNamespacesCf), m.ns.id), "batch delete namespace"));
        break;
    }
    revision = std::max(revision, m.revision);
    if (m.history) {
      const core::HistoryEntry& h = *m.history;
      LEVER_RETURN_IF_ERROR(Check(
          wb.Put(db.cf(kHistoryCf), BigEndian(h.nid), EncodeHistoryEntry(h)), "batch put history"));
      LEVER_RETURN_IF_ERROR(Check(wb.Put(db.cf(kHistoryByKeyCf), HistoryIndexKey(h.key, h.nid), ""),
                                  "batch put history index"));
      revision = std::max(revision, h.nid);
    }
  }
  LEVER_RETURN_IF_ERROR(
      Check(wb.Put(db.cf(kMetaCf), AsSlice(kLastRevisionKey), EncodeCounter(revision)),
            "batch put meta"));
  LEVER_RETURN_IF_ERROR(Check(db.db->Write(db.write_options, &wb), "write"));
  db.last_revision = revision;
  return Status::Ok();
}

Status RocksDbStore::LoadAll(const std::function<void(core::ConfigItem&&)>& on_item,
                             const std::function<void(core::Namespace&&)>& on_namespace,
                             uint64_t* last_revision) {
  Impl& db = *impl_;
  rocksdb::ManagedSnapshot snapshot(db.db.get());
  const rocksdb::ReadOptions ro = Impl::Reads(snapshot.snapshot(), /*fill_cache=*/false);

  std::unique_ptr<rocksdb::Iterator> it(db.db->NewIterator(ro, db.cf(kItemsCf)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    StatusOr<core::ConfigItem> item = DecodeConfigItem(AsView(it->value()));
    if (!item.ok()) return item.status();
    on_item(std::move(*item));
  }
  LEVER_RETURN_IF_ERROR(Check(it->status(), "scan items"));

  it.reset(db.db->NewIterator(ro, db.cf(kNamespacesCf)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    StatusOr<core::Namespace> ns = DecodeNamespace(AsView(it->value()));
    if (!ns.ok()) return ns.status();
    on_namespace(std::move(*ns));
  }
  LEVER_RETURN_IF_ERROR(Check(it->status(), "scan namespaces"));

  std::string value;
  rocksdb::Status s = db.db->Get(ro, db.cf(kMetaCf), AsSlice(kLastRevisionKey), &value);
  if (s.IsNotFound()) {
    *last_revision = 0;
    return Status::Ok();
  }
  LEVER_RETURN_IF_ERROR(Check(s, "get last_revision"));
  StatusOr<uint64_t> revision = DecodeCounter(value);
  if (!revision.ok()) return revision.status();
  *last_revision = *revision;
  return Status::Ok();
}

StatusOr<HistoryPage> RocksDbStore::ListHistory(const core::ConfigKey& key, uint64_t offset,
                                                uint64_t limit) {
  Impl& db = *impl_;
  rocksdb::ManagedSnapshot snapshot(db.db.get());
  rocksdb::ReadOptions ro = Impl::Reads(snapshot.snapshot());

  // Every index key of this config is prefix + 8 bytes; the prefix ends in NUL, so bumping
  // that byte gives an exclusive upper bound for exactly this config's rows.
  const std::string lower = KeyPrefix(key);
  std::string upper = lower;
  upper.back() = '\x01';
  const rocksdb::Slice lower_slice(lower);
  const rocksdb::Slice upper_slice(upper);
  ro.iterate_lower_bound = &lower_slice;
  ro.iterate_upper_bound = &upper_slice;

  HistoryPage page;
  std::vector<uint64_t> nids;
  std::unique_ptr<rocksdb::Iterator> it(db.db->NewIterator(ro, db.cf(kHistoryByKeyCf)));
  for (it->SeekToLast(); it->Valid(); it->Prev()) {
    const std::string_view index_key = AsView(it->key());
    if (index_key.size() != lower.size() + 8) {
      return Status::Internal("corrupt history index key");
    }
    if (page.total_count >= offset && nids.size() < limit) {
      nids.push_back(FromBigEndian(index_key.substr(lower.size())));
    }
    ++page.total_count;
  }
  LEVER_RETURN_IF_ERROR(Check(it->status(), "scan history index"));

  ro.iterate_lower_bound = nullptr;
  ro.iterate_upper_bound = nullptr;
  page.entries.reserve(nids.size());
  for (uint64_t nid : nids) {
    StatusOr<core::HistoryEntry> entry = db.ReadHistoryRow(ro, nid);
    if (!entry.ok()) return entry.status();
    page.entries.push_back(std::move(*entry));
  }
  return page;
}

StatusOr<std::optional<core::HistoryEntry>> RocksDbStore::GetHistory(uint64_t nid) {
  std::string value;
  rocksdb::Status s =
      impl_->db->Get(rocksdb::ReadOptions(), impl_->cf(kHistoryCf), BigEndian(nid), &value);
  if (s.IsNotFound()) return std::optional<core::HistoryEntry>();
  LEVER_RETURN_IF_ERROR(Check(s, "get history"));
  StatusOr<core::HistoryEntry> entry = DecodeHistoryEntry(value);
  if (!entry.ok()) return entry.status();
  return std::optional<core::HistoryEntry>(std::move(*entry));
}

StatusOr<std::vector<core::HistoryEntry>> RocksDbStore::HistorySince(uint64_t after_revision,
                                                                     uint64_t limit) {
  std::vector<core::HistoryEntry> out;
  if (after_revision == std::numeric_limits<uint64_t>::max()) return out;
  Impl& db = *impl_;
  rocksdb::ManagedSnapshot snapshot(db.db.get());
  std::unique_ptr<rocksdb::Iterator> it(
      db.db->NewIterator(Impl::Reads(snapshot.snapshot()), db.cf(kHistoryCf)));
  for (it->Seek(BigEndian(after_revision + 1)); it->Valid() && out.size() < limit; it->Next()) {
    StatusOr<core::HistoryEntry> entry = DecodeHistoryEntry(AsView(it->value()));
    if (!entry.ok()) return entry.status();
    out.push_back(std::move(*entry));
  }
  LEVER_RETURN_IF_ERROR(Check(it->status(), "scan history"));
  return out;
}

StatusOr<uint64_t> RocksDbStore::PruneHistory(int64_t before_time_ms) {
  Impl& db = *impl_;
  rocksdb::ManagedSnapshot snapshot(db.db.get());
  std::unique_ptr<rocksdb::Iterator> it(db.db->NewIterator(
      Impl::Reads(snapshot.snapshot(), /*fill_cache=*/false), db.cf(kHistoryCf)));

  // Times need not follow nids (clocks step), so every row is inspected.
  uint64_t removed = 0;
  rocksdb::WriteBatch wb;
  size_t pending = 0;
  auto flush = [&]() -> Status {
    if (pending == 0) return Status::Ok();
    LEVER_RETURN_IF_ERROR(Check(db.db->Write(db.write_options, &wb), "write prune"));
    removed += pending;
    pending = 0;
    wb.Clear();
    return Status::Ok();
  };
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    StatusOr<core::HistoryEntry> entry = DecodeHistoryEntry(AsView(it->value()));
    if (!entry.ok()) return entry.status();
    if (entry->time_ms >= before_time_ms) continue;
    LEVER_RETURN_IF_ERROR(Check(wb.Delete(db.cf(kHistoryCf), it->key()), "batch delete history"));
    LEVER_RETURN_IF_ERROR(
        Check(wb.Delete(db.cf(kHistoryByKeyCf), HistoryIndexKey(entry->key, entry->nid)),
              "batch delete history index"));
    if (++pending == kPruneBatchRows) LEVER_RETURN_IF_ERROR(flush());
  }
  LEVER_RETURN_IF_ERROR(Check(it->status(), "scan history"));
  LEVER_RETURN_IF_ERROR(flush());
  return removed;
}

Status RocksDbStore::PutAuthRecord(const std::string& key, const std::string& value) {
  std::lock_guard lock(impl_->auth_mutex);
  return Check(impl_->db->Put(impl_->write_options, impl_->cf(kAuthCf), key, value), "put auth");
}

Status RocksDbStore::CreateAuthRecord(const std::string& key, const std::string& value) {
  std::lock_guard lock(impl_->auth_mutex);
  std::string existing;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->cf(kAuthCf), key, &existing);
  if (s.ok()) return Status::AlreadyExists(key);
  if (!s.IsNotFound()) return Check(s, "get auth");
  return Check(impl_->db->Put(impl_->write_options, impl_->cf(kAuthCf), key, value), "put auth");
}

Status RocksDbStore::DeleteAuthRecord(const std::string& key) {
  std::lock_guard lock(impl_->auth_mutex);
  return Check(impl_->db->Delete(impl_->write_options, impl_->cf(kAuthCf), key), "delete auth");
}

StatusOr<std::vector<AuthRecord>> RocksDbStore::ListAuthRecords(const std::string& prefix) {
  std::vector<AuthRecord> out;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->cf(kAuthCf)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    out.push_back({it->key().ToString(), it->value().ToString()});
  }
  LEVER_RETURN_IF_ERROR(Check(it->status(), "scan auth"));
  return out;
}

}  // namespace lever::storage
