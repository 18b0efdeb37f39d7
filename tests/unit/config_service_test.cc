// core::ConfigService semantics (nacos-protocol.md §2.3, §4, §7, §10), run against MemoryStore
// and RocksDbStore.
#include "core/config_service.h"
#include "base/clock.h"

#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "storage/memory_store.h"
#include "storage/rocksdb_store.h"
#include "temp_dir.h"

namespace lever::core {
namespace {

class RecordingListener : public ChangeListener {
 public:
  void OnChange(const ChangeEvent& e) override {
    std::lock_guard lock(mutex);
    events.push_back(e);
  }
  std::mutex mutex;
  std::vector<ChangeEvent> events;
};

PublishParams Pub(const std::string& data_id, const std::string& content, const std::string& tenant = "") {
  PublishParams p;
  p.key = {data_id, "DEFAULT_GROUP", tenant};
  p.content = content;
  p.type = "yaml";
  return p;
}

KeyParams Key(const std::string& data_id, const std::string& tenant = "") {
  return {data_id, "DEFAULT_GROUP", tenant};
}

// The same body for both stores.
void ServiceContract(storage::Store& store) {
  ConfigService svc(&store, {});
  REQUIRE(svc.Start().ok());
  RecordingListener listener;
  svc.SetChangeListener(&listener);

  SUBCASE("publish then get; tenant spellings of public are one namespace") {
    auto r = svc.Publish(Pub("app.yaml", "a: 1"));
    REQUIRE(r.ok());
    CHECK(r->md5 == "270f9e65a80226eccd82c99cdd0dd2fb");
    CHECK(r->md5_changed);
    for (const char* t : {"", "public", "PUBLIC", "null"}) {
      auto got = svc.Get(Key("app.yaml", t), {});
      REQUIRE(got.ok());
      CHECK(got->item->content == "a: 1");
      CHECK(got->item->type == "yaml");
    }
    CHECK(svc.Get(Key("app.yaml", "dev"), {}).status().IsNotFound());
    CHECK(svc.Get(Key("missing"), {}).status().message() == "config data not exist");
  }

  SUBCASE("history: I holds the new content, U and D hold the old") {
    REQUIRE(svc.Publish(Pub("h", "v1")).ok());
    REQUIRE(svc.Publish(Pub("h", "v2")).ok());
    REQUIRE(svc.Remove({Key("h"), "", false, "", ""}).ok());
    auto page = svc.ListHistory(Key("h"), 1, 10);
    REQUIRE(page.ok());
    REQUIRE(page->total_count == 3);
    CHECK(page->entries[0].op == HistoryOp::kDelete);
    CHECK(page->entries[0].content == "v2");
    CHECK(page->entries[1].op == HistoryOp::kUpdate);
    CHECK(page->entries[1].content == "v1");
    CHECK(page->entries[2].op == HistoryOp::kInsert);
    CHECK(page->entries[2].content == "v1");
    auto row = svc.GetHistory(Key("h"), page->entries[1].nid);
    REQUIRE(row.ok());
    CHECK(row->content == "v1");
    CHECK(svc.GetHistory(Key("other"), page->entries[1].nid).status().code() == StatusCode::kPermissionDenied);
  }

  SUBCASE("CAS: wrong md5 rejected and nothing changes; right md5 and missing key succeed") {
    REQUIRE(svc.Publish(Pub("c", "a: 1")).ok());
    const uint64_t before = svc.LastRevision();
    auto bad = Pub("c", "a: 2");
    bad.cas_md5 = "0000";
    CHECK(svc.Publish(bad).status().code() == StatusCode::kCasConflict);
    CHECK(svc.LastRevision() == before);
    CHECK(svc.Get(Key("c"), {})->item->content == "a: 1");
    auto good = Pub("c", "a: 2");
    good.cas_md5 = "270f9e65a80226eccd82c99cdd0dd2fb";
    CHECK(svc.Publish(good).ok());
    auto fresh = Pub("new-key", "x");
    fresh.cas_md5 = "anything";
    CHECK(svc.Publish(fresh).ok());
  }

  SUBCASE("events: one per md5 change, none for an identical re-publish, in revision order") {
    REQUIRE(svc.Publish(Pub("e", "x")).ok());
    auto same = svc.Publish(Pub("e", "x"));
    REQUIRE(same.ok());
    CHECK_FALSE(same->md5_changed);
    REQUIRE(svc.Publish(Pub("e", "y")).ok());
    REQUIRE(svc.Remove({Key("e"), "", false, "", ""}).ok());
    REQUIRE(svc.Remove({Key("e"), "", false, "", ""}).ok());  // absent: OK, no event
    std::lock_guard lock(listener.mutex);
    REQUIRE(listener.events.size() == 3);
    CHECK(listener.events[0].revision < listener.events[1].revision);
    CHECK(listener.events[1].revision < listener.events[2].revision);
    CHECK(listener.events[2].formal_md5 == "");
  }

  SUBCASE("gray: beta by IP, tag by parameter (no fallback) or header (fallback)") {
    REQUIRE(svc.Publish(Pub("g", "formal")).ok());
    auto beta = Pub("g", "beta");
    beta.beta_ips = "10.0.0.1,10.0.0.2";
    REQUIRE(svc.Publish(beta).ok());
    auto tag = Pub("g", "tagged");
    tag.tag = "t1";
    REQUIRE(svc.Publish(tag).ok());
    CHECK(svc.Get(Key("g"), {"10.0.0.2", "", ""})->item->content == "beta");
    CHECK(svc.Get(Key("g"), {"10.0.0.2", "", ""})->is_beta);
    CHECK(svc.Get(Key("g"), {"10.0.0.3", "", ""})->item->content == "formal");
    CHECK(svc.Get(Key("g"), {"", "t1", ""})->item->content == "tagged");
    CHECK(svc.Get(Key("g"), {"", "t2", ""}).status().IsNotFound());
    CHECK(svc.Get(Key("g"), {"", "", "t2"})->item->content == "formal");
    CHECK(svc.Get(Key("g"), {"", "", "t1"})->item->content == "tagged");
    REQUIRE(svc.Remove({Key("g"), "", true, "", ""}).ok());
    CHECK(svc.Get(Key("g"), {"10.0.0.2", "", ""})->item->content == "formal");
    REQUIRE(svc.Remove({Key("g"), "", false, "", ""}).ok());  // formal delete takes the variants
    CHECK(svc.Get(Key("g"), {"", "t1", ""}).status().IsNotFound());
  }

  SUBCASE("search: accurate, blur with '*', paging beyond the end") {
    for (const char* id : {"app", "app.yaml", "myapp.props", "db.yaml"}) REQUIRE(svc.Publish(Pub(id, "x")).ok());
    SearchParams s;
    s.data_id = "app";
    CHECK(svc.Search(s)->total_count == 1);
    s.blur = true;
    CHECK(svc.Search(s)->total_count == 1);
    s.data_id = "*app*";
    CHECK(svc.Search(s)->total_count == 3);
    s.data_id = "";
    s.page_size = 3;
    s.page_no = 2;
    auto page = svc.Search(s);
    CHECK(page->total_count == 4);
    CHECK(page->pages_available == 2);
    CHECK(page->items.size() == 1);
    s.page_no = 5;
    CHECK(svc.Search(s)->items.empty());
    s.page_no = 0;
    CHECK(svc.Search(s).status().code() == StatusCode::kInvalidArgument);
  }

  SUBCASE("namespaces: create, duplicate, isolation, delete") {
    REQUIRE(svc.CreateNamespace("dev", "Dev", "").ok());
    CHECK(svc.CreateNamespace("dev", "Dev", "").status().code() == StatusCode::kAlreadyExists);
    CHECK(svc.CreateNamespace("a.b", "x", "").status().code() == StatusCode::kInvalidArgument);
    auto generated = svc.CreateNamespace("", "Generated", "");
    REQUIRE(generated.ok());
    CHECK(generated->id.size() == 36);
    REQUIRE(svc.Publish(Pub("iso", "dev content", "dev")).ok());
    CHECK(svc.Get(Key("iso"), {}).status().IsNotFound());
    auto list = svc.ListNamespaces();
    REQUIRE(list.size() == 3);
    CHECK(list[0].ns.id == "");
    CHECK(list[0].type == 0);
    REQUIRE(svc.DeleteNamespace("dev").ok());
    CHECK_FALSE(svc.NamespaceExists("dev"));
  }

  SUBCASE("create_only publishes a new key once and never overwrites") {
    auto first = Pub("once", "v1");
    first.create_only = true;
    REQUIRE(svc.Publish(first).ok());
    const uint64_t before = svc.LastRevision();
    auto second = Pub("once", "v2");
    second.create_only = true;
    CHECK(svc.Publish(second).status().code() == StatusCode::kAlreadyExists);
    CHECK(svc.LastRevision() == before);
    CHECK(svc.Get(Key("once"), {})->item->content == "v1");
  }

  SUBCASE("namespace update changes name and description, keeps the create time") {
    auto created = svc.CreateNamespace("team", "Team", "first");
    REQUIRE(created.ok());
    // Let the wall clock move past the create time, so a reset would be visible.
    while (NowEpochMillis() <= created->create_time_ms) std::this_thread::yield();
    REQUIRE(svc.UpdateNamespace("team", "Team B", "second").ok());
    auto updated = svc.GetNamespace("team");
    REQUIRE(updated.ok());
    CHECK(updated->ns.show_name == "Team B");
    CHECK(updated->ns.desc == "second");
    CHECK(updated->ns.create_time_ms == created->create_time_ms);
    CHECK(svc.UpdateNamespace("missing", "x", "").code() == StatusCode::kNotFound);
  }

  SUBCASE("validation failures change nothing") {
    const uint64_t before = svc.LastRevision();
    CHECK(svc.Publish(Pub("a b", "x")).status().code() == StatusCode::kInvalidArgument);
    CHECK(svc.Publish(Pub("ok", "   ")).status().code() == StatusCode::kInvalidArgument);
    auto long_tag = Pub("ok", "x");
    long_tag.tag = std::string(17, 't');
    CHECK(svc.Publish(long_tag).status().message() == "too long tag, over 16");
    CHECK(svc.LastRevision() == before);
  }

  SUBCASE("concurrent writers are group-committed with unique, ordered revisions") {
    constexpr int kThreads = 8, kPerThread = 50;
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kPerThread; ++i) {
          auto p = Pub("k" + std::to_string(t) + "-" + std::to_string(i), "v" + std::to_string(i));
          REQUIRE(svc.Publish(p).ok());
        }
      });
    }
    for (auto& th : threads) th.join();
    CHECK(svc.ConfigCount() == kThreads * kPerThread);
    CHECK(svc.LastRevision() == kThreads * kPerThread);
    std::lock_guard lock(listener.mutex);
    REQUIRE(listener.events.size() == kThreads * kPerThread);
    for (size_t i = 1; i < listener.events.size(); ++i) {
      CHECK(listener.events[i - 1].revision < listener.events[i].revision);
    }
  }
}

}  // namespace

TEST_CASE("ConfigService on MemoryStore") {
  storage::MemoryStore store;
  ServiceContract(store);
}

TEST_CASE("ConfigService on RocksDbStore") {
  testing::TempDir dir;
  auto store = storage::RocksDbStore::Open({dir.db()});
  REQUIRE(store.ok());
  ServiceContract(**store);
}

TEST_CASE("a failed store write leaves memory, revision and listeners untouched") {
  storage::MemoryStore store;
  ConfigService svc(&store, {});
  REQUIRE(svc.Start().ok());
  RecordingListener listener;
  svc.SetChangeListener(&listener);
  REQUIRE(svc.Publish(Pub("f", "v1")).ok());
  store.FailNextApply(Status::Internal("disk full"));
  CHECK(svc.Publish(Pub("f", "v2")).status().code() == StatusCode::kInternal);
  CHECK(svc.Get(Key("f"), {})->item->content == "v1");
  CHECK(svc.LastRevision() == 1);
  CHECK(listener.events.size() == 1);
  REQUIRE(svc.Publish(Pub("f", "v3")).ok());
  CHECK(svc.LastRevision() == 2);
}

TEST_CASE("a restarted service on RocksDbStore has items, namespaces and revision") {
  testing::TempDir dir;
  {
    auto store = storage::RocksDbStore::Open({dir.db()});
    REQUIRE(store.ok());
    ConfigService svc(store->get(), {});
    REQUIRE(svc.Start().ok());
    REQUIRE(svc.Publish(Pub("p", "persisted")).ok());
    REQUIRE(svc.CreateNamespace("dev", "Dev", "").ok());
  }
  auto store = storage::RocksDbStore::Open({dir.db()});
  REQUIRE(store.ok());
  ConfigService svc(store->get(), {});
  REQUIRE(svc.Start().ok());
  CHECK(svc.Get(Key("p"), {})->item->content == "persisted");
  CHECK(svc.NamespaceExists("dev"));
  CHECK(svc.LastRevision() == 2);
  auto next = svc.Publish(Pub("p", "again"));
  REQUIRE(next.ok());
  CHECK(next->revision == 3);
}

}  // namespace lever::core
