// ConfigService as the ExternalChangeSink of a shared store (cluster mode, storage/store.h):
// other servers' commits reach memory and listeners exactly once and in order, its own commits
// echoed back are skipped, ReplaceAll() swaps the state and announces what changed, and a commit
// refused with kCasConflict is planned again once the feed has caught up. Hermetic: MemoryStore,
// with the feed played by the test.
#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <utility>
#include <mutex>
#include <thread>
#include <vector>

#include "base/md5.h"
#include "core/config_service.h"
#include "storage/memory_store.h"

namespace lever::core {
namespace {

class Heard : public ChangeListener {
 public:
  void OnChange(const ChangeEvent& e) override {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
  }
  std::vector<ChangeEvent> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::vector<ChangeEvent> events_;
};

ConfigItem Item(const std::string& data_id, const std::string& content, uint64_t revision) {
  ConfigItem item;
  item.key = {"", "DEFAULT_GROUP", data_id};
  item.content = content;
  item.md5 = Md5Hex(content);
  item.type = "text";
  item.create_revision = item.modify_revision = revision;
  return item;
}

storage::Mutation PutMutation(const std::string& data_id, const std::string& content, uint64_t revision) {
  storage::Mutation m;
  m.kind = storage::Mutation::Kind::kPutItem;
  m.revision = revision;
  m.item = Item(data_id, content, revision);
  return m;
}

PublishParams Publish(const std::string& data_id, const std::string& content) {
  PublishParams p;
  p.key = {data_id, "DEFAULT_GROUP", ""};
  p.content = content;
  return p;
}

std::string Content(const ConfigService& s, const std::string& data_id) {
  auto got = s.Get({data_id, "DEFAULT_GROUP", ""}, {});
  return got.ok() ? got->item->content : "<none>";
}

// A shared store where another server commits first, once: the first Apply() is refused with
// kCasConflict while that server's commit arrives through the feed (on its own thread, as the
// real feed does).
class OvertakenOnceStore final : public storage::Store {
 public:
  std::function<void()> on_conflict;
  storage::MemoryStore inner;
  std::thread feed;
  ~OvertakenOnceStore() override {
    if (feed.joinable()) feed.join();
  }
  Status Apply(const std::vector<storage::Mutation>& batch) override {
    if (on_conflict) {
      if (feed.joinable()) feed.join();
      feed = std::thread(std::exchange(on_conflict, nullptr));
      return Status::CasConflict("store revision moved");
    }
    return inner.Apply(batch);
  }
  Status LoadAll(const std::function<void(ConfigItem&&)>& i, const std::function<void(Namespace&&)>& n,
                 uint64_t* last) override {
    return inner.LoadAll(i, n, last);
  }
  StatusOr<storage::HistoryPage> ListHistory(const ConfigKey& k, uint64_t o, uint64_t l) override {
    return inner.ListHistory(k, o, l);
  }
  StatusOr<std::optional<HistoryEntry>> GetHistory(uint64_t nid) override { return inner.GetHistory(nid); }
  StatusOr<std::vector<HistoryEntry>> HistorySince(uint64_t a, uint64_t l) override { return inner.HistorySince(a, l); }
  StatusOr<uint64_t> PruneHistory(int64_t t) override { return inner.PruneHistory(t); }
  Status PutAuthRecord(const std::string& k, const std::string& v) override { return inner.PutAuthRecord(k, v); }
  Status CreateAuthRecord(const std::string& k, const std::string& v) override { return inner.CreateAuthRecord(k, v); }
  Status DeleteAuthRecord(const std::string& k) override { return inner.DeleteAuthRecord(k); }
  StatusOr<std::vector<storage::AuthRecord>> ListAuthRecords(const std::string& p) override {
    return inner.ListAuthRecords(p);
  }
};

}  // namespace

TEST_CASE("ApplyExternal: other servers' commits reach memory and listeners once; echoes are skipped") {
  storage::MemoryStore store;
  ConfigService service(&store, {});
  REQUIRE(service.Start().ok());
  Heard heard;
  service.SetChangeListener(&heard);

  REQUIRE(service.Publish(Publish("a", "v1")).ok());  // revision 1, heard once
  service.ApplyExternal({PutMutation("a", "v1", 1)}, 1);  // our own commit echoed back
  CHECK(heard.events().size() == 1);

  service.ApplyExternal({PutMutation("b", "x", 2)}, 2);
  CHECK(Content(service, "b") == "x");
  CHECK(service.LastRevision() == 2);
  service.ApplyExternal({PutMutation("b", "x", 2)}, 2);  // delivered twice: applied once
  service.ApplyExternal({PutMutation("b", "x", 3)}, 3);  // identical re-publish: nobody woken
  REQUIRE(heard.events().size() == 2);
  CHECK(heard.events()[1].key.data_id == "b");
  CHECK(heard.events()[1].revision == 2);
  CHECK(heard.events()[1].formal_md5 == Md5Hex("x"));
  CHECK(service.LastRevision() == 3);

  storage::Mutation remove_a;
  remove_a.kind = storage::Mutation::Kind::kDeleteItem;
  remove_a.revision = 4;
  remove_a.item.key = {"", "DEFAULT_GROUP", "a"};
  storage::Mutation dev;
  dev.kind = storage::Mutation::Kind::kPutNamespace;
  dev.revision = 5;
  dev.ns = {"dev", "Development", "", 1};
  service.ApplyExternal({remove_a, dev}, 5);
  CHECK(Content(service, "a") == "<none>");
  CHECK(service.NamespaceExists("dev"));
  REQUIRE(heard.events().size() == 3);
  CHECK(heard.events()[2].key.data_id == "a");
  CHECK(heard.events()[2].revision == 4);
  CHECK(heard.events()[2].formal_md5.empty());

  auto local = service.Publish(Publish("c", "after"));  // local revisions continue after external ones
  REQUIRE(local.ok());
  CHECK(local->revision == 6);
}

TEST_CASE("ReplaceAll swaps the whole state and announces exactly the keys whose content changed") {
  storage::MemoryStore store;
  ConfigService service(&store, {});
  REQUIRE(service.Start().ok());
  for (const char* id : {"same", "changed", "gone"}) REQUIRE(service.Publish(Publish(id, "v1")).ok());
  Heard heard;
  service.SetChangeListener(&heard);

  service.ReplaceAll({Item("same", "v1", 1), Item("changed", "v2", 7), Item("new", "n", 8)}, {{"ns1", "N", "", 1}}, 9);
  CHECK(service.LastRevision() == 9);
  CHECK(Content(service, "changed") == "v2");
  CHECK(Content(service, "gone") == "<none>");
  CHECK(Content(service, "new") == "n");
  CHECK(service.NamespaceExists("ns1"));
  std::vector<std::string> keys;
  for (const auto& e : heard.events()) keys.push_back(e.key.data_id);
  CHECK(keys == std::vector<std::string>{"changed", "gone", "new"});
}

TEST_CASE("a commit overtaken by another server is planned again after the feed caught up") {
  OvertakenOnceStore store;
  ConfigService service(&store, {});
  REQUIRE(service.Start().ok());
  Heard heard;
  service.SetChangeListener(&heard);
  // Another server commits "k" at revision 1 while this one plans its publish of "k" on revision 0.
  store.on_conflict = [&] { service.ApplyExternal({PutMutation("k", "theirs", 1)}, 1); };

  PublishParams cas = Publish("k", "mine");
  cas.cas_md5 = Md5Hex("something else");  // re-planned against "theirs": the CAS must now fail
  auto refused = service.Publish(cas);
  CHECK(refused.status().code() == StatusCode::kCasConflict);
  CHECK(Content(service, "k") == "theirs");

  store.on_conflict = [&] { service.ApplyExternal({PutMutation("other", "x", 2)}, 2); };
  auto published = service.Publish(Publish("k", "mine"));
  REQUIRE(published.ok());
  CHECK(published->revision == 3);  // after the other server's revision 2
  CHECK(Content(service, "k") == "mine");
  auto events = heard.events();
  REQUIRE(events.size() == 3);
  CHECK(events[0].revision == 1);
  CHECK(events[1].revision == 2);
  CHECK(events[2].revision == 3);
}

}  // namespace lever::core
