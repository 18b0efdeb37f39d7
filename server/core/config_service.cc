#include "core/config_service.h"

#include <algorithm>
#include <chrono>
#include <random>

#include "base/clock.h"
#include "base/md5.h"
#include "core/config_search.h"

namespace lever::core {

// The mutations staged by one group commit, plus an overlay so that a writer sees the effect of
// the writers before it in the same group (CAS, create-vs-update, namespace existence).
// Contract for plans: check everything first, stage only when the write will happen; a plan that
// returns an error must not have staged anything.
class ConfigService::Batch {
 public:
  Batch(const ConfigIndex& index, const std::map<std::string, Namespace>& namespaces,
        uint64_t last_revision)
      : index_(index), namespaces_(namespaces), revision_(last_revision) {}

  ItemPtr Find(const ConfigKey& key, const std::string& gray_name) const {
    auto it = items_.find({key, gray_name});
    if (it != items_.end()) return it->second;
    return index_.FindItem(key, gray_name);
  }

  std::vector<std::string> GrayNames(const ConfigKey& key) const {
    std::vector<std::string> names;
    if (EntryPtr entry = index_.Find(key)) {
      for (const auto& g : entry->grays) names.push_back(g->gray_name);
    }
    for (auto it = items_.lower_bound({key, std::string()}); it != items_.end() && it->first.first == key; ++it) {
      if (!it->first.second.empty() && std::find(names.begin(), names.end(), it->first.second) == names.end()) {
        names.push_back(it->first.second);
      }
    }
    std::erase_if(names, [&](const std::string& n) { return Find(key, n) == nullptr; });
    return names;
  }

  std::optional<Namespace> FindNamespace(const std::string& id) const {
    auto it = ns_overlay_.find(id);
    if (it != ns_overlay_.end()) return it->second;
    auto stored = namespaces_.find(id);
    if (stored == namespaces_.end()) return std::nullopt;
    return stored->second;
  }
  bool NamespaceExists(const std::string& id) const { return FindNamespace(id).has_value(); }

  uint64_t NextRevision() { return ++revision_; }
  uint64_t revision() const { return revision_; }

  void PutItem(ItemPtr item, std::optional<HistoryEntry> history) {
    storage::Mutation m;
    m.kind = storage::Mutation::Kind::kPutItem;
    m.revision = item->modify_revision;
    m.item = *item;
    m.history = std::move(history);
    mutations_.push_back(std::move(m));
    items_[{item->key, item->gray_name}] = item;
    applied_.push_back({item->key, item->gray_name, item});
  }

  void DeleteItem(const ConfigKey& key, const std::string& gray_name, uint64_t revision,
                  std::optional<HistoryEntry> history) {
    storage::Mutation m;
    m.kind = storage::Mutation::Kind::kDeleteItem;
    m.revision = revision;
    m.item.key = key;
    m.item.gray_name = gray_name;
    m.history = std::move(history);
    mutations_.push_back(std::move(m));
    items_[{key, gray_name}] = nullptr;
    applied_.push_back({key, gray_name, nullptr});
  }

  void PutNamespace(const Namespace& ns) {
    storage::Mutation m;
    m.kind = storage::Mutation::Kind::kPutNamespace;
    m.revision = NextRevision();
    m.ns = ns;
    mutations_.push_back(std::move(m));
    ns_overlay_[ns.id] = ns;
  }

  void DeleteNamespace(const std::string& id) {
    storage::Mutation m;
    m.kind = storage::Mutation::Kind::kDeleteNamespace;
    m.revision = NextRevision();
    m.ns.id = id;
    mutations_.push_back(std::move(m));
    ns_overlay_[id] = std::nullopt;
  }

  // Records that watchers of `key` must hear about the change staged at `revision`.
  void Emit(const ConfigKey& key, uint64_t revision) {
    ItemPtr formal = Find(key, "");
    events_.push_back({key, revision, formal ? formal->md5 : std::string()});
  }

  struct Applied {
    ConfigKey key;
    std::string gray_name;
    ItemPtr item;  // null = erased
  };
  const std::vector<storage::Mutation>& mutations() const { return mutations_; }
  const std::vector<Applied>& applied() const { return applied_; }
  const std::vector<ChangeEvent>& events() const { return events_; }
  const std::map<std::string, std::optional<Namespace>>& namespace_overlay() const { return ns_overlay_; }

 private:
  const ConfigIndex& index_;
  const std::map<std::string, Namespace>& namespaces_;
  uint64_t revision_;
  std::map<std::pair<ConfigKey, std::string>, ItemPtr> items_;
  std::map<std::string, std::optional<Namespace>> ns_overlay_;
  std::vector<storage::Mutation> mutations_;
  std::vector<Applied> applied_;
  std::vector<ChangeEvent> events_;
};

struct ConfigService::Writer {
  std::function<Status(Batch&)> plan;
  Status status;
  bool done = false;
  std::condition_variable cv;
};

namespace {

HistoryEntry MakeHistory(const ConfigItem& source, HistoryOp op, uint64_t nid, int64_t now,
                         const std::string& src_user, const std::string& src_ip) {
  HistoryEntry h;
  h.nid = nid;
  h.config_id = source.create_revision;
  h.key = source.key;
  h.gray_name = source.gray_name;
  h.op = op;
  h.content = source.content;
  h.md5 = source.md5;
  h.type = source.type;
  h.app_name = source.app_name;
  h.encrypted_data_key = source.encrypted_data_key;
  h.src_user = src_user;
  h.src_ip = src_ip;
  h.time_ms = now;
  return h;
}

std::string RandomUuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48), static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

const std::string kNotExist = "config data not exist";

}  // namespace

ConfigService::ConfigService(storage::Store* store, ConfigServiceOptions options)
    : store_(store), options_(std::move(options)) {}

ConfigService::~ConfigService() = default;

Status ConfigService::Start() {
  uint64_t last = 0;
  LEVER_RETURN_IF_ERROR(store_->LoadAll(
      [this](ConfigItem&& item) { index_.Put(std::make_shared<const ConfigItem>(std::move(item))); },
      [this](Namespace&& ns) { namespaces_[ns.id] = std::move(ns); }, &last));
  std::lock_guard lock(revision_mutex_);
  last_revision_ = last;
  return Status::Ok();
}

uint64_t ConfigService::LastRevision() const {
  std::lock_guard lock(revision_mutex_);
  return last_revision_;
}

StatusOr<ConfigKey> ConfigService::ResolveKey(const KeyParams& key) const {
  ConfigKey k{NormalizeTenant(key.tenant), key.group, key.data_id};
  LEVER_RETURN_IF_ERROR(ValidateDataId(k.data_id, options_.limits));
  LEVER_RETURN_IF_ERROR(ValidateGroup(k.group, options_.limits));
  LEVER_RETURN_IF_ERROR(ValidateTenant(k.tenant, options_.limits));
  return k;
}

// ---------------------------------------------------------------------------------- reads

namespace {

bool IpListed(const std::string& list, const std::string& ip) {
  if (ip.empty()) return false;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (list.compare(start, comma - start, ip) == 0) return true;
    start = comma + 1;
  }
  return false;
}

// Resolution order of nacos-protocol.md §4.1. Returns {} (null item) when nothing is served.
ServedConfig Resolve(const ConfigEntry& entry, const ReadContext& reader) {
  if (ItemPtr beta = entry.FindGray(kBetaGrayName); beta && IpListed(beta->beta_ips, reader.client_ip)) {
    return {beta, true, false};
  }
  if (!reader.tag.empty()) {
    ItemPtr tagged = entry.FindGray(TagGrayName(reader.tag));
    return {tagged, false, tagged != nullptr};
  }
  if (!reader.auto_tag.empty()) {
    if (ItemPtr tagged = entry.FindGray(TagGrayName(reader.auto_tag))) return {tagged, false, true};
  }
  return {entry.formal, false, false};
}

}  // namespace

StatusOr<ServedConfig> ConfigService::Get(const KeyParams& key, const ReadContext& reader) const {
  auto k = ResolveKey(key);
  if (!k.ok()) return k.status();
  LEVER_RETURN_IF_ERROR(ValidateTag(reader.tag, options_.limits));
  EntryPtr entry = index_.Find(*k);
  if (!entry) return Status::NotFound(kNotExist);
  ServedConfig served = Resolve(*entry, reader);
  if (!served.item) return Status::NotFound(kNotExist);
  return served;
}

std::string ConfigService::CurrentMd5(const ConfigKey& key, const ReadContext& reader) const {
  EntryPtr entry = index_.Find(key);
  if (!entry) return "";
  ServedConfig served = Resolve(*entry, reader);
  return served.item ? served.item->md5 : std::string();
}

StatusOr<ItemPtr> ConfigService::GetFormal(const KeyParams& key) const {
  auto k = ResolveKey(key);
  if (!k.ok()) return k.status();
  return index_.FindItem(*k, "");
}

StatusOr<ItemPtr> ConfigService::GetGray(const KeyParams& key, const std::string& gray_name) const {
  auto k = ResolveKey(key);
  if (!k.ok()) return k.status();
  return index_.FindItem(*k, gray_name);
}

StatusOr<SearchPage> ConfigService::Search(const SearchParams& params) const {
  std::string tenant = NormalizeTenant(params.tenant);
  LEVER_RETURN_IF_ERROR(ValidateTenant(tenant, options_.limits));
  if (params.page_no <= 0 || params.page_size <= 0) {
    return Status::InvalidArgument("pageNo and pageSize must be greater than zero");
  }
  ConfigFilter filter(params);
  SearchPage page;
  page.page_number = params.page_no;
  const uint64_t first = static_cast<uint64_t>(params.page_no - 1) * static_cast<uint64_t>(params.page_size);
  index_.ForEachInTenant(tenant, [&](const ConfigKey&, const ConfigEntry& entry) {
    if (!entry.formal || !filter.Matches(*entry.formal)) return true;
    if (page.total_count >= first && page.items.size() < static_cast<size_t>(params.page_size)) {
      page.items.push_back(entry.formal);
    }
    ++page.total_count;
    return true;
  });
  page.pages_available = (page.total_count + params.page_size - 1) / params.page_size;
  return page;
}

StatusOr<std::vector<ItemPtr>> ConfigService::ListTenant(const std::string& raw_tenant) const {
  std::string tenant = NormalizeTenant(raw_tenant);
  LEVER_RETURN_IF_ERROR(ValidateTenant(tenant, options_.limits));
  std::vector<ItemPtr> items;
  index_.ForEachInTenant(tenant, [&](const ConfigKey&, const ConfigEntry& entry) {
    if (entry.formal) items.push_back(entry.formal);
    return true;
  });
  return items;
}

std::vector<ItemPtr> ConfigService::FindByIds(const std::vector<uint64_t>& ids) const {
  std::map<uint64_t, ItemPtr> found;
  for (uint64_t id : ids) found.emplace(id, nullptr);
  size_t missing = found.size();
  std::vector<std::string> tenants{""};
  {
    std::lock_guard lock(namespaces_mutex_);
    for (const auto& [id, ns] : namespaces_) tenants.push_back(id);
  }
  for (const std::string& tenant : tenants) {
    if (missing == 0) break;
    index_.ForEachInTenant(tenant, [&](const ConfigKey&, const ConfigEntry& entry) {
      if (!entry.formal) return true;
      auto it = found.find(entry.formal->id());
      if (it != found.end() && !it->second) {
        it->second = entry.formal;
        --missing;
      }
      return missing > 0;
    });
  }
  // The insert history row of a config has nid == its id and names its key.
  for (auto& [id, item] : found) {
    if (item) continue;
    auto row = store_->GetHistory(id);
    if (!row.ok() || !row->has_value()) continue;
    ItemPtr formal = index_.FindItem((*row)->key, "");
    if (formal && formal->id() == id) item = formal;
  }
  std::vector<ItemPtr> items;
  for (uint64_t id : ids) {
    auto it = found.find(id);
    if (it != found.end() && it->second) {
      items.push_back(std::move(it->second));
      it->second = nullptr;  // a repeated id is not returned twice
    }
  }
  return items;
}

// ---------------------------------------------------------------------------------- writes

StatusOr<PublishResult> ConfigService::Publish(const PublishParams& p) {
  auto resolved = ResolveKey(p.key);
  if (!resolved.ok()) return resolved.status();
  const ConfigKey key = *resolved;
  LEVER_RETURN_IF_ERROR(ValidateContent(p.content, options_.limits));
  LEVER_RETURN_IF_ERROR(ValidateTag(p.tag, options_.limits));
  LEVER_RETURN_IF_ERROR(ValidatePublishMetadata(
      {p.app_name, p.desc, p.use, p.effect, p.schema, p.config_tags}, options_.limits));

  const bool beta = !IsBlank(p.beta_ips);
  const std::string gray_name = beta ? kBetaGrayName : (p.tag.empty() ? "" : TagGrayName(p.tag));
  const std::string md5 = Md5Hex(p.content);
  PublishResult result;
  result.md5 = md5;

  Status s = Commit([&](Batch& batch) -> Status {
    ItemPtr old = batch.Find(key, gray_name);
    if (gray_name.empty() && !p.cas_md5.empty() && old && !old->md5.empty() && old->md5 != p.cas_md5) {
      return Status::CasConflict("Cas publish fail, server md5 may have changed.");
    }
    if (gray_name.empty() && p.create_only && old) {
      return Status::AlreadyExists("config " + key.data_id + "@" + key.group + " already exists");
    }
    const int64_t now = NowEpochMillis();
    const uint64_t rev = batch.NextRevision();
    auto item = std::make_shared<ConfigItem>();
    item->key = key;
    item->gray_name = gray_name;
    item->beta_ips = beta ? p.beta_ips : "";
    item->tag = beta ? "" : p.tag;
    item->content = p.content;
    item->md5 = md5;
    item->type = NormalizeType(p.type);
    item->app_name = p.app_name;
    item->desc = p.desc;
    item->use = p.use;
    item->effect = p.effect;
    item->schema = p.schema;
    item->config_tags = p.config_tags;
    item->encrypted_data_key = p.encrypted_data_key;
    item->src_user = p.src_user;
    item->src_ip = p.src_ip;
    item->create_time_ms = old ? old->create_time_ms : now;
    item->create_revision = old ? old->create_revision : rev;
    item->modify_time_ms = now;
    item->modify_revision = rev;
    HistoryEntry history = old ? MakeHistory(*old, HistoryOp::kUpdate, rev, now, p.src_user, p.src_ip)
                               : MakeHistory(*item, HistoryOp::kInsert, rev, now, p.src_user, p.src_ip);
    // A gray variant changes what its audience is served even when its md5 equals the formal one.
    result.md5_changed = !old || old->md5 != md5 || (beta && old->beta_ips != p.beta_ips);
    batch.PutItem(item, std::move(history));
    if (result.md5_changed) batch.Emit(key, rev);
    result.revision = rev;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return result;
}

Status ConfigService::Remove(const RemoveParams& p) {
  auto resolved = ResolveKey(p.key);
  if (!resolved.ok()) return resolved.status();
  const ConfigKey key = *resolved;
  LEVER_RETURN_IF_ERROR(ValidateTag(p.tag, options_.limits));
  return Commit([&](Batch& batch) -> Status {
    std::vector<std::string> variants;
    if (p.beta) {
      variants.push_back(kBetaGrayName);
    } else if (!p.tag.empty()) {
      variants.push_back(TagGrayName(p.tag));
    } else {
      variants = batch.GrayNames(key);
      variants.insert(variants.begin(), "");
    }
    const int64_t now = NowEpochMillis();
    uint64_t last_rev = 0;
    for (const auto& name : variants) {
      ItemPtr old = batch.Find(key, name);
      if (!old) continue;
      last_rev = batch.NextRevision();
      batch.DeleteItem(key, name, last_rev, MakeHistory(*old, HistoryOp::kDelete, last_rev, now, p.src_user, p.src_ip));
    }
    if (last_rev != 0) batch.Emit(key, last_rev);
    return Status::Ok();
  });
}

Status ConfigService::Commit(std::function<Status(Batch&)> plan) {
  Writer self;
  self.plan = std::move(plan);
  std::unique_lock lock(queue_mutex_);
  queue_.push_back(&self);
  while (!self.done && &self != queue_.front()) self.cv.wait(lock);
  if (self.done) return self.status;

  // This writer leads: it commits itself and everyone queued behind it, up to max_batch.
  std::vector<Writer*> group(queue_.begin(),
                             queue_.begin() + static_cast<long>(std::min(queue_.size(), options_.max_batch)));
  lock.unlock();
  CommitGroup(group);
  lock.lock();
  for (Writer* w : group) {
    queue_.pop_front();
    if (w != &self) {
      w->done = true;
      w->cv.notify_one();
    }
  }
  if (!queue_.empty()) queue_.front()->cv.notify_one();
  return self.status;
}

void ConfigService::CommitGroup(std::vector<Writer*>& group) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::unique_lock apply_lock(apply_mutex_);
  while (true) {
    const uint64_t base_revision = LastRevision();
    std::unique_lock ns_lock(namespaces_mutex_);
    Batch batch(index_, namespaces_, base_revision);
    ns_lock.unlock();  // namespaces_ only changes under apply_mutex_, which this leader holds
    for (Writer* w : group) w->status = w->plan(batch);
    if (batch.mutations().empty()) return;

    Status stored = store_->Apply(batch.mutations());
    if (stored.code() == StatusCode::kCasConflict) {
      // Another server committed first (shared store): let the feed bring its changes, re-plan.
      if (external_cv_.wait_until(apply_lock, deadline, [&] { return LastRevision() > base_revision; })) continue;
      stored = Status::Unavailable("this server cannot catch up with the cluster store; try again");
    }
    if (!stored.ok()) {
      for (Writer* w : group) {
        if (w->status.ok()) w->status = stored;
      }
      return;
    }
    for (const auto& a : batch.applied()) {
      if (a.item) {
        index_.Put(a.item);
      } else {
        index_.Erase(a.key, a.gray_name);
      }
    }
    {
      std::lock_guard lock(namespaces_mutex_);
      for (const auto& [id, ns] : batch.namespace_overlay()) {
        if (ns) {
          namespaces_[id] = *ns;
        } else {
          namespaces_.erase(id);
        }
      }
    }
    {
      std::lock_guard lock(revision_mutex_);
      last_revision_ = batch.revision();
    }
    if (listener_) {
      for (const auto& event : batch.events()) listener_->OnChange(event);
    }
    return;
  }
}

// ---------------------------------------------------------------------------------- external

namespace {

// Whether replacing `old` by `item` (null = removed) changes what some reader is served.
bool ServedChange(const ItemPtr& old, const ConfigItem* item) {
  if (!old || !item) return old != nullptr || item != nullptr;
  return old->md5 != item->md5 || old->beta_ips != item->beta_ips;
}

}  // namespace

void ConfigService::ApplyExternal(const std::vector<storage::Mutation>& batch, uint64_t revision) {
  std::lock_guard apply_lock(apply_mutex_);
  if (revision <= LastRevision()) return;  // our own commit echoed back, or already applied
  std::map<ConfigKey, uint64_t> touched;  // key -> revision of its last served change
  for (const storage::Mutation& m : batch) {
    switch (m.kind) {
      case storage::Mutation::Kind::kPutItem: {
        ItemPtr old = index_.FindItem(m.item.key, m.item.gray_name);
        if (ServedChange(old, &m.item)) touched[m.item.key] = std::max(touched[m.item.key], m.revision);
        index_.Put(std::make_shared<const ConfigItem>(m.item));
        break;
      }
      case storage::Mutation::Kind::kDeleteItem:
        if (index_.FindItem(m.item.key, m.item.gray_name)) {
          touched[m.item.key] = std::max(touched[m.item.key], m.revision);
        }
        index_.Erase(m.item.key, m.item.gray_name);
        break;
      case storage::Mutation::Kind::kPutNamespace: {
        std::lock_guard lock(namespaces_mutex_);
        namespaces_[m.ns.id] = m.ns;
        break;
      }
      case storage::Mutation::Kind::kDeleteNamespace: {
        std::lock_guard lock(namespaces_mutex_);
        namespaces_.erase(m.ns.id);
        break;
      }
    }
  }
  {
    std::lock_guard lock(revision_mutex_);
    last_revision_ = revision;
  }
  if (listener_) {  // in revision order, as for local commits
    std::vector<ChangeEvent> events;
    for (const auto& [key, key_revision] : touched) {
      ItemPtr formal = index_.FindItem(key, "");
      events.push_back({key, std::min(key_revision, revision), formal ? formal->md5 : std::string()});
    }
    std::stable_sort(events.begin(), events.end(), [](const auto& x, const auto& y) { return x.revision < y.revision; });
    for (const auto& event : events) listener_->OnChange(event);
  }
  external_cv_.notify_all();
}

void ConfigService::ReplaceAll(std::vector<ConfigItem> items, std::vector<Namespace> namespaces,
                               uint64_t revision) {
  std::lock_guard apply_lock(apply_mutex_);
  std::map<std::pair<ConfigKey, std::string>, ConfigItem*> incoming;
  for (ConfigItem& item : items) incoming[{item.key, item.gray_name}] = &item;
  std::map<ConfigKey, bool> touched;
  for (const ConfigKey& key : index_.Keys()) {  // what disappeared
    EntryPtr entry = index_.Find(key);
    if (!entry) continue;
    std::vector<ItemPtr> held = entry->grays;
    if (entry->formal) held.push_back(entry->formal);
    for (const ItemPtr& old : held) {
      if (incoming.count({key, old->gray_name}) == 0) {
        index_.Erase(key, old->gray_name);
        touched[key] = true;
      }
    }
  }
  for (auto& [id, item] : incoming) {  // what is new or changed
    if (ServedChange(index_.FindItem(id.first, id.second), item)) touched[id.first] = true;
    index_.Put(std::make_shared<const ConfigItem>(std::move(*item)));
  }
  {
    std::lock_guard lock(namespaces_mutex_);
    namespaces_.clear();
    for (Namespace& ns : namespaces) namespaces_[ns.id] = std::move(ns);
  }
  {
    std::lock_guard lock(revision_mutex_);
    last_revision_ = std::max(last_revision_, revision);
  }
  if (listener_) {
    for (const auto& [key, unused] : touched) {
      ItemPtr formal = index_.FindItem(key, "");
      listener_->OnChange({key, revision, formal ? formal->md5 : std::string()});
    }
  }
  external_cv_.notify_all();
}

// ---------------------------------------------------------------------------------- history

StatusOr<storage::HistoryPage> ConfigService::ListHistory(const KeyParams& key, int64_t page_no,
                                                          int64_t page_size) const {
  auto k = ResolveKey(key);
  if (!k.ok()) return k.status();
  if (page_no <= 0) page_no = 1;
  if (page_size <= 0) page_size = 100;
  page_size = std::min<int64_t>(page_size, 500);
  return store_->ListHistory(*k, static_cast<uint64_t>(page_no - 1) * page_size, page_size);
}

StatusOr<HistoryEntry> ConfigService::GetHistory(const KeyParams& key, uint64_t nid) const {
  auto k = ResolveKey(key);
  if (!k.ok()) return k.status();
  auto row = store_->GetHistory(nid);
  if (!row.ok()) return row.status();
  if (!row->has_value()) return Status::NotFound("history not exist");
  if ((*row)->key != *k) return Status::PermissionDenied("Please check dataId, group or namespaceId.");
  return **row;
}

StatusOr<HistoryEntry> ConfigService::PreviousHistory(const KeyParams& key, uint64_t config_id) const {
  auto k = ResolveKey(key);
  if (!k.ok()) return k.status();
  auto page = store_->ListHistory(*k, 0, 1);
  if (!page.ok()) return page.status();
  if (page->entries.empty()) return Status::NotFound("history not exist");
  const HistoryEntry& newest = page->entries.front();
  if (newest.config_id != config_id) return Status::PermissionDenied("Please check dataId, group or namespaceId.");
  return newest;
}

// ---------------------------------------------------------------------------------- namespaces

std::vector<NamespaceInfo> ConfigService::ListNamespaces() const {
  std::vector<NamespaceInfo> out;
  NamespaceInfo pub;
  pub.ns = {"", "public", "Default Namespace", 0};
  pub.type = 0;
  pub.config_count = index_.CountInTenant("");
  out.push_back(pub);
  std::lock_guard lock(namespaces_mutex_);
  for (const auto& [id, ns] : namespaces_) {
    NamespaceInfo info;
    info.ns = ns;
    info.config_count = index_.CountInTenant(id);
    out.push_back(std::move(info));
  }
  return out;
}

StatusOr<NamespaceInfo> ConfigService::GetNamespace(const std::string& raw_id) const {
  std::string id = NormalizeTenant(raw_id);
  for (auto& info : ListNamespaces()) {
    if (info.ns.id == id) return info;
  }
  return Status::NotFound("namespaceId [ " + raw_id + " ] not exist");
}

bool ConfigService::NamespaceExists(const std::string& raw_id) const {
  std::string id = NormalizeTenant(raw_id);
  if (id.empty()) return true;
  std::lock_guard lock(namespaces_mutex_);
  return namespaces_.count(id) > 0;
}

StatusOr<Namespace> ConfigService::CreateNamespace(std::string id, const std::string& name,
                                                   const std::string& desc) {
  if (IsBlank(id)) id = RandomUuid();
  LEVER_RETURN_IF_ERROR(ValidateNamespaceId(id, options_.limits));
  LEVER_RETURN_IF_ERROR(ValidateNamespaceName(name, options_.limits));
  if (NormalizeTenant(id).empty()) return Status::AlreadyExists("namespace public already exists");
  Namespace ns{id, name, desc, NowEpochMillis()};
  Status s = Commit([&](Batch& batch) -> Status {
    if (batch.NamespaceExists(id)) return Status::AlreadyExists("namespace " + id + " already exists");
    batch.PutNamespace(ns);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return ns;
}

Status ConfigService::UpdateNamespace(const std::string& id, const std::string& name,
                                      const std::string& desc) {
  LEVER_RETURN_IF_ERROR(ValidateNamespaceName(name, options_.limits));
  return Commit([&](Batch& batch) -> Status {
    std::optional<Namespace> ns = batch.FindNamespace(id);
    if (!ns) return Status::NotFound("namespaceId [ " + id + " ] not exist");
    ns->show_name = name;  // the create time stays: an update is not a re-creation
    ns->desc = desc;
    batch.PutNamespace(*ns);
    return Status::Ok();
  });
}

Status ConfigService::DeleteNamespace(const std::string& id) {
  if (NormalizeTenant(id).empty()) return Status::InvalidArgument("the public namespace cannot be deleted");
  return Commit([&](Batch& batch) -> Status {
    if (batch.NamespaceExists(id)) batch.DeleteNamespace(id);
    return Status::Ok();
  });
}

}  // namespace lever::core
