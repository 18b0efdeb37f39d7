// EtcdStore against one real etcd member: the shared Store contract (support/store_contract.h,
// each pass on a fresh key prefix) and what is particular to etcd,
// the cross-server commit rule (kCasConflict, nothing written), and the change feed into a
// ConfigService, including the full resync after etcd compacted the revisions it needed.
#include "storage/etcd_store.h"

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "core/config_service.h"
#include "storage/record_codec.h"
#include "support/etcd_process.h"
#include "support/store_contract.h"
#include "support/wait_until.h"

namespace lever::storage {
namespace {

using namespace std::chrono_literals;
using testing::EtcdCluster;
using testing::WaitUntil;

// One etcd member for every test case of this file; stopped (and its dir removed) at exit.
EtcdCluster& SharedEtcd() {
  static EtcdCluster etcd(1);
  static const bool started = etcd.Start();
  REQUIRE_MESSAGE(started, etcd.Describe());
  return etcd;
}

std::unique_ptr<EtcdStore> FreshStore(const std::string& prefix = "") {
  static std::atomic<int> counter = 0;
  EtcdStoreOptions o;
  o.endpoints = {SharedEtcd().endpoint(0)};
  o.prefix = prefix.empty() ? "/test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "/" : prefix;
  auto store = EtcdStore::Open(o);
  REQUIRE_MESSAGE(store.ok(), store.status().ToString());
  return std::move(*store);
}

const core::ConfigKey kA{"", "DEFAULT_GROUP", "a"};
const core::ConfigKey kAb{"", "DEFAULT_GROUP", "ab"};

Mutation Put(const core::ConfigKey& key, std::string content, uint64_t rev, std::string gray = "") {
  Mutation m;
  m.kind = Mutation::Kind::kPutItem;
  m.revision = rev;
  m.item.key = key;
  m.item.gray_name = std::move(gray);
  m.item.content = std::move(content);
  m.item.create_revision = m.item.modify_revision = rev;
  core::HistoryEntry h;
  h.nid = rev;
  h.key = key;
  h.gray_name = m.item.gray_name;
  h.content = m.item.content;
  h.time_ms = static_cast<int64_t>(rev);
  m.history = h;
  return m;
}

Mutation Delete(const core::ConfigKey& key, uint64_t rev) {
  Mutation m = Put(key, "", rev);
  m.kind = Mutation::Kind::kDeleteItem;
  m.history->op = core::HistoryOp::kDelete;
  return m;
}

std::map<std::pair<core::ConfigKey, std::string>, std::string> Items(Store& store, uint64_t* last) {
  std::map<std::pair<core::ConfigKey, std::string>, std::string> items;
  REQUIRE(store.LoadAll([&](core::ConfigItem&& i) { items[{i.key, i.gray_name}] = i.content; },
                        [](core::Namespace&&) {}, last).ok());
  return items;
}

std::vector<uint64_t> Nids(const std::vector<core::HistoryEntry>& rows) {
  std::vector<uint64_t> out;
  for (const auto& r : rows) out.push_back(r.nid);
  return out;
}

// Records what a ConfigService announces.
class Recorder : public core::ChangeListener {
 public:
  void OnChange(const core::ChangeEvent& e) override {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
  }
  std::vector<core::ChangeEvent> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }

 private:
  std::mutex mutex_;
  std::vector<core::ChangeEvent> events_;
};

core::PublishParams Publish(const std::string& data_id, const std::string& content) {
  core::PublishParams p;
  p.key = {data_id, "DEFAULT_GROUP", ""};
  p.content = content;
  return p;
}

}  // namespace

TEST_CASE("EtcdStore honours the Store contract") {
  auto store = FreshStore();  // a fresh prefix for every SUBCASE pass
  contract::CheckStoreContract(*store);
}

TEST_CASE("EtcdStore: one key written twice in a batch, paging, pruning, auth records") {
  auto store = FreshStore();
  uint64_t last = 99;
  CHECK(Items(*store, &last).empty());
  CHECK(last == 0);
  CHECK(store->Apply({}).ok());

  REQUIRE(store->Apply({Put(kA, "v1", 1)}).ok());
  REQUIRE(store->Apply({Put(kAb, "ab", 2)}).ok());
  REQUIRE(store->Apply({Put(kA, "v3", 3), Put(kA, "beta", 4, core::kBetaGrayName)}).ok());
  REQUIRE(store->Apply({Delete(kA, 5)}).ok());
  // Two writes of one key in a batch: the last wins (etcd refuses a Txn writing a key twice).
  REQUIRE(store->Apply({Put(kAb, "x", 6), Put(kAb, "y", 7)}).ok());
  auto items = Items(*store, &last);
  CHECK(last == 7);
  CHECK(items.size() == 2);
  CHECK(items.at({kAb, ""}) == "y");
  CHECK(items.at({kA, core::kBetaGrayName}) == "beta");

  auto page = store->ListHistory(kA, 0, 10);
  REQUIRE(page.ok());
  CHECK(page->total_count == 4);
  CHECK(Nids(page->entries) == std::vector<uint64_t>{5, 4, 3, 1});
  auto second = store->ListHistory(kA, 1, 2);
  REQUIRE(second.ok());
  CHECK(Nids(second->entries) == std::vector<uint64_t>{4, 3});
  CHECK(store->ListHistory({"", "DEFAULT_GROUP", "abc"}, 0, 10)->total_count == 0);

  auto row = store->GetHistory(2);
  REQUIRE(row.ok());
  REQUIRE(row->has_value());
  CHECK((*row)->key == kAb);
  CHECK_FALSE(store->GetHistory(99)->has_value());

  CHECK(Nids(*store->HistorySince(0, 3)) == std::vector<uint64_t>{1, 2, 3});
  CHECK(Nids(*store->HistorySince(5, 100)) == std::vector<uint64_t>{6, 7});
  CHECK(store->HistorySince(7, 100)->empty());
  CHECK(store->HistorySince(0, 0)->empty());

  auto pruned = store->PruneHistory(4);  // row n has time_ms n
  REQUIRE(pruned.ok());
  CHECK(*pruned == 3);
  CHECK(Nids(*store->HistorySince(0, 100)) == std::vector<uint64_t>{4, 5, 6, 7});
  CHECK(store->ListHistory(kA, 0, 10)->total_count == 2);

  // Auth records.
  CHECK(store->CreateAuthRecord("user/a", "1").ok());
  CHECK(store->CreateAuthRecord("user/a", "2").code() == StatusCode::kAlreadyExists);
  CHECK(store->PutAuthRecord("user/b", "3").ok());
  CHECK(store->PutAuthRecord("role/x", "4").ok());
  auto users = store->ListAuthRecords("user/");
  REQUIRE(users.ok());
  REQUIRE(users->size() == 2);
  CHECK((*users)[0].key == "user/a");
  CHECK((*users)[0].value == "1");
  CHECK(store->DeleteAuthRecord("user/a").ok());
  CHECK(store->DeleteAuthRecord("user/zzz").ok());
  CHECK(store->ListAuthRecords("")->size() == 2);
}

TEST_CASE("EtcdStore: a batch planned on a stale revision is refused and writes nothing") {
  const std::string prefix = "/shared-" + std::to_string(getpid()) + "/";
  auto first = FreshStore(prefix);
  auto second = FreshStore(prefix);  // another server's store on the same data
  REQUIRE(first->Apply({Put(kA, "from first", 1)}).ok());
  Status stale = second->Apply({Put(kA, "from second", 1), Put(kAb, "b", 2)});
  CHECK(stale.code() == StatusCode::kCasConflict);
  uint64_t last = 0;
  auto items = Items(*second, &last);
  CHECK(last == 1);
  CHECK(items.size() == 1);
  CHECK(items.at({kA, ""}) == "from first");
  CHECK(second->Apply({Put(kA, "from second", 2)}).ok());
}

TEST_CASE("EtcdStore feed: two services on one prefix see each other's commits once, in order") {
  const std::string prefix = "/svc-" + std::to_string(getpid()) + "/";
  auto store_a = FreshStore(prefix);
  auto store_b = FreshStore(prefix);
  core::ConfigService a(store_a.get(), {}), b(store_b.get(), {});
  REQUIRE(a.Start().ok());
  REQUIRE(b.Start().ok());
  Recorder heard_a, heard_b;
  a.SetChangeListener(&heard_a);
  b.SetChangeListener(&heard_b);
  REQUIRE(store_a->StartFeed(&a).ok());
  REQUIRE(store_b->StartFeed(&b).ok());

  // Writers on both services race: conflicts are retried after catching up, none is lost.
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      core::ConfigService& s = w % 2 ? b : a;
      for (int n = 0; n < 10; ++n) {
        auto r = s.Publish(Publish("k" + std::to_string(w), "v" + std::to_string(n)));
        REQUIRE_MESSAGE(r.ok(), r.status().ToString());
      }
    });
  }
  for (auto& t : writers) t.join();
  REQUIRE(WaitUntil([&] { return a.LastRevision() == 40 && b.LastRevision() == 40; }, 10000ms));
  for (core::ConfigService* s : {&a, &b}) {
    for (int w = 0; w < 4; ++w) {
      auto got = s->Get({"k" + std::to_string(w), "DEFAULT_GROUP", ""}, {});
      REQUIRE(got.ok());
      CHECK(got->item->content == "v9");
    }
  }
  // Each service announced all 40 changes exactly once, in revision order.
  for (Recorder* heard : {&heard_a, &heard_b}) {
    auto events = heard->events();
    CHECK(events.size() == 40);
    for (size_t i = 1; i < events.size(); ++i) CHECK(events[i - 1].revision < events[i].revision);
  }
  store_a->StopFeed();
  store_b->StopFeed();
}

TEST_CASE("EtcdStore feed: compacted revisions lead to a full resync") {
  const std::string prefix = "/resync-" + std::to_string(getpid()) + "/";
  auto store_a = FreshStore(prefix);
  auto store_b = FreshStore(prefix);
  core::ConfigService a(store_a.get(), {});
  REQUIRE(a.Start().ok());
  REQUIRE(a.Publish(Publish("gone", "x")).ok());
  // `stale` loads "gone", then misses a remove and a publish (its feed is not running yet), and
  // etcd forgets those revisions.
  core::ConfigService stale(store_b.get(), {});
  REQUIRE(stale.Start().ok());
  const int64_t loaded = store_b->loaded_etcd_revision();
  core::RemoveParams gone;
  gone.key = {"gone", "DEFAULT_GROUP", ""};
  REQUIRE(a.Remove(gone).ok());
  REQUIRE(a.Publish(Publish("kept", "y")).ok());
  REQUIRE(store_a->CompactHistory().ok());
  Recorder heard;
  stale.SetChangeListener(&heard);
  REQUIRE(store_b->StartFeed(&stale, loaded).ok());
  REQUIRE(WaitUntil([&] { return stale.LastRevision() == a.LastRevision(); }, 10000ms));
  CHECK_FALSE(stale.Get({"gone", "DEFAULT_GROUP", ""}, {}).ok());
  CHECK(stale.Get({"kept", "DEFAULT_GROUP", ""}, {})->item->content == "y");
  CHECK(heard.events().size() == 2);  // "gone" removed, "kept" added
  store_b->StopFeed();
}

}  // namespace lever::storage
