// core::ConfigService — the one place where config semantics live (DESIGN.md decision 1).
// Protocol adapters (HTTP v1/v2, console, gRPC) parse a request into the structs below, call one
// method, and map the returned Status through their protocol's table.
//
// Semantics follow nacos-protocol.md: upsert publish with optional CAS on md5 (§2.3), gray
// variants by beta IP and tag (§10), I/U/D history (§2.3), namespaces with "" as public (§7).
// Raw tenants from the wire are accepted; every method normalises and validates them itself.
//
// Thread safety: every method is thread safe. Writes are serialised through a group-commit queue:
// concurrent writers are batched into one durable Store::Apply() (one fsync), revisions are
// assigned in commit order, and ChangeListener::OnChange is called in revision order on the
// committing thread after the batch is durable and visible to readers.
//
// Cluster mode (a Store shared by several servers, e.g. EtcdStore): the service is also the
// store's ExternalChangeSink. Commits made by other servers arrive through ApplyExternal() (or
// ReplaceAll() after the feed lost continuity) and are applied to memory and announced to the
// ChangeListener exactly like local ones, in the same revision order; the service's own commits
// echoed back by the feed are recognised by their revision and skipped. When Store::Apply()
// answers kCasConflict (another server committed first), the commit leader waits for the feed to
// catch up and plans its group again; after 10 s without progress its writers get kUnavailable.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/config_index.h"
#include "core/config_types.h"
#include "core/validation.h"
#include "storage/store.h"

namespace lever::core {

// Receives every committed md5-changing change of a key (formal or gray), in revision order.
// Called on a writer thread: implementations must not block and must not call back into the
// ConfigService's write methods.
class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  virtual void OnChange(const ChangeEvent& event) = 0;
};

// Raw key as received; normalised and validated by the service.
struct KeyParams {
  std::string data_id;
  std::string group;
  std::string tenant;
};

struct PublishParams {
  KeyParams key;
  std::string content;
  std::string type;
  std::string app_name, desc, use, effect, schema, config_tags, encrypted_data_key;
  std::string src_user, src_ip;
  std::string cas_md5;   // non-empty: compare-and-set against the stored md5
  bool create_only = false;  // formal only: fail with kAlreadyExists when the key already exists
  std::string beta_ips;  // non-empty: publish the beta gray variant (wins over tag)
  std::string tag;       // non-empty: publish the tag gray variant
};

struct PublishResult {
  uint64_t revision = 0;
  std::string md5;
  bool md5_changed = false;  // false for a byte-identical re-publish
};

struct RemoveParams {
  KeyParams key;
  std::string tag;    // non-empty: remove only that tag variant
  bool beta = false;  // remove only the beta variant
  std::string src_user, src_ip;
};

// Who is reading: decides which gray variant is served (nacos-protocol.md §4.1).
struct ReadContext {
  std::string client_ip;
  std::string tag;       // explicit `tag` parameter: no fallback to formal when absent
  std::string auto_tag;  // `Vipserver-Tag` header: falls back to formal
};

struct ServedConfig {
  ItemPtr item;
  bool is_beta = false;
  bool is_tag = false;
};

struct SearchParams {
  std::string tenant;
  std::string data_id;   // accurate: exact (blank = any); blur: SQL LIKE with '*' -> '%'
  std::string group;
  std::string app_name;
  std::string config_tags;  // comma list: item must carry at least one
  std::string types;        // comma list of types (blur only)
  std::string content;      // blur only: substring of the content
  bool blur = false;
  int64_t page_no = 1;
  int64_t page_size = 10;
};

struct SearchPage {
  uint64_t total_count = 0;
  int64_t page_number = 1;
  uint64_t pages_available = 0;
  std::vector<ItemPtr> items;
};

struct NamespaceInfo {
  Namespace ns;
  uint64_t config_count = 0;
  int type = 2;  // 0 = public, 2 = custom
};

struct ConfigServiceOptions {
  Limits limits;
  size_t max_batch = 512;  // writers per group commit
};

class ConfigService final : public storage::ExternalChangeSink {
 public:
  // `store` must outlive the service. Call Start() before anything else.
  ConfigService(storage::Store* store, ConfigServiceOptions options);
  ~ConfigService() override;

  // Loads every item and namespace into memory. Not thread safe; call once.
  Status Start();
  // The listener receives changes from now on. Set before serving; not thread safe.
  void SetChangeListener(ChangeListener* listener) { listener_ = listener; }

  // -- reads (memory only) --
  // The variant this reader is served; NotFound("config data not exist") when none.
  StatusOr<ServedConfig> Get(const KeyParams& key, const ReadContext& reader) const;
  // md5 this reader would be served, "" when nothing. Key must already be normalised.
  std::string CurrentMd5(const ConfigKey& key, const ReadContext& reader) const;
  // Formal item or nullptr (console detail); validates the key.
  StatusOr<ItemPtr> GetFormal(const KeyParams& key) const;
  // A gray variant or nullptr.
  StatusOr<ItemPtr> GetGray(const KeyParams& key, const std::string& gray_name) const;
  StatusOr<SearchPage> Search(const SearchParams& params) const;
  // Every formal item of a tenant (history/configs, export).
  StatusOr<std::vector<ItemPtr>> ListTenant(const std::string& raw_tenant) const;
  // The formal items whose config id (ConfigItem::id(), the create revision) is in `ids`, in the
  // order of `ids`, whatever their namespace; unknown ids and repeats are skipped. Scans the
  // public and the registered namespaces; an id not found there (a config stored under a
  // namespace id that was never created, or was deleted) is looked up through the history row of
  // its creation, while retention keeps it.
  std::vector<ItemPtr> FindByIds(const std::vector<uint64_t>& ids) const;

  // Normalises and validates a raw key (for adapters that need a ConfigKey, e.g. listeners).
  StatusOr<ConfigKey> ResolveKey(const KeyParams& key) const;

  // -- writes (durable when they return OK) --
  StatusOr<PublishResult> Publish(const PublishParams& params);
  // OK also when nothing was there (Nacos semantics).
  Status Remove(const RemoveParams& params);

  // -- history (store) --
  StatusOr<storage::HistoryPage> ListHistory(const KeyParams& key, int64_t page_no,
                                             int64_t page_size) const;
  // NotFound when no such nid; PermissionDenied when it belongs to another key.
  StatusOr<HistoryEntry> GetHistory(const KeyParams& key, uint64_t nid) const;
  // Newest history row of the config whose id is `config_id`.
  StatusOr<HistoryEntry> PreviousHistory(const KeyParams& key, uint64_t config_id) const;

  // -- namespaces --
  std::vector<NamespaceInfo> ListNamespaces() const;  // public first
  StatusOr<NamespaceInfo> GetNamespace(const std::string& id) const;
  bool NamespaceExists(const std::string& id) const;
  // Creates; a blank id gets a random UUID. AlreadyExists when the id is taken.
  StatusOr<Namespace> CreateNamespace(std::string id, const std::string& name,
                                      const std::string& desc);
  Status UpdateNamespace(const std::string& id, const std::string& name, const std::string& desc);
  Status DeleteNamespace(const std::string& id);

  // -- changes committed by other servers (storage::ExternalChangeSink; see the header comment) --
  void ApplyExternal(const std::vector<storage::Mutation>& batch, uint64_t revision) override;
  void ReplaceAll(std::vector<ConfigItem> items, std::vector<Namespace> namespaces, uint64_t revision) override;

  uint64_t LastRevision() const;
  size_t ConfigCount() const { return index_.size(); }
  const Limits& limits() const { return options_.limits; }

 private:
  class Batch;
  struct Writer;
  // Runs `plan` inside a group commit. `plan` stages mutations on the batch; if it returns an
  // error its mutations are dropped and that error is returned.
  Status Commit(std::function<Status(Batch&)> plan);
  void CommitGroup(std::vector<Writer*>& group);

  storage::Store* store_;
  ConfigServiceOptions options_;
  ChangeListener* listener_ = nullptr;
  ConfigIndex index_;

  mutable std::mutex namespaces_mutex_;
  std::map<std::string, Namespace> namespaces_;  // GUARDED_BY(namespaces_mutex_)

  // Held while memory (index_, namespaces_, last_revision_) is planned against and changed: by
  // the commit leader for a whole group, and by the external feed for each change it applies.
  std::mutex apply_mutex_;
  std::condition_variable external_cv_;  // signalled (under apply_mutex_) when the feed applied

  std::mutex queue_mutex_;
  std::deque<Writer*> queue_;  // GUARDED_BY(queue_mutex_); the front writer leads the group
  uint64_t last_revision_ = 0;  // written by the leader only; read via LastRevision()
  mutable std::mutex revision_mutex_;
};

}  // namespace lever::core
