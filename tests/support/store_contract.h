// The storage::Store contract as one doctest body, shared by every Store implementation's tests
// (MemoryStore and RocksDbStore in tests/unit/store_test.cc, EtcdStore in tests/cluster/).
// CheckStoreContract() is called once per SUBCASE pass with a fresh, empty store.
#pragma once

#include <doctest/doctest.h>

#include <atomic>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "storage/record_codec.h"
#include "storage/store.h"

namespace lever::storage::contract {

inline const core::ConfigKey kA{"", "DEFAULT_GROUP", "a"};
// Keys whose encodings share leading bytes with kA's, to catch prefix scans that leak.
inline const core::ConfigKey kAb{"", "DEFAULT_GROUP", "ab"};
inline const core::ConfigKey kATenant{"dev", "DEFAULT_GROUP", "a"};

inline core::ConfigItem Item(const core::ConfigKey& key, std::string gray, std::string content,
                      uint64_t revision) {
  core::ConfigItem item;
  item.key = key;
  item.gray_name = std::move(gray);
  item.content = std::move(content);
  item.type = "text";
  item.create_revision = revision;
  item.modify_revision = revision;
  item.create_time_ms = item.modify_time_ms = static_cast<int64_t>(revision) * 1000;
  return item;
}

inline core::HistoryEntry History(uint64_t nid, const core::ConfigKey& key, int64_t time_ms,
                           std::string gray = "") {
  core::HistoryEntry h;
  h.nid = nid;
  h.key = key;
  h.gray_name = std::move(gray);
  h.op = core::HistoryOp::kUpdate;
  h.content = "content@" + std::to_string(nid);
  h.time_ms = time_ms;
  return h;
}

inline Mutation PutItem(core::ConfigItem item) {
  Mutation m;
  m.kind = Mutation::Kind::kPutItem;
  m.revision = item.modify_revision;
  m.history = History(m.revision, item.key, static_cast<int64_t>(m.revision), item.gray_name);
  m.item = std::move(item);
  return m;
}

inline Mutation DeleteItem(const core::ConfigKey& key, std::string gray, uint64_t revision) {
  Mutation m;
  m.kind = Mutation::Kind::kDeleteItem;
  m.revision = revision;
  m.item.key = key;
  m.item.gray_name = gray;
  m.history = History(revision, key, static_cast<int64_t>(revision), std::move(gray));
  m.history->op = core::HistoryOp::kDelete;
  return m;
}

inline Mutation PutNamespace(std::string id, uint64_t revision) {
  Mutation m;
  m.kind = Mutation::Kind::kPutNamespace;
  m.revision = revision;
  m.ns = {id, "show " + id, "desc", 1};
  return m;
}

inline Mutation DeleteNamespace(std::string id, uint64_t revision) {
  Mutation m;
  m.kind = Mutation::Kind::kDeleteNamespace;
  m.revision = revision;
  m.ns.id = std::move(id);
  return m;
}

struct Snapshot {
  std::map<std::pair<core::ConfigKey, std::string>, std::string> items;  // -> encoded item
  std::map<std::string, std::string> namespaces;                         // -> show_name
  uint64_t last_revision = 0;
};

inline Snapshot Load(Store& store) {
  Snapshot s;
  REQUIRE(store
              .LoadAll(
                  [&](core::ConfigItem&& item) {
                    auto id = std::make_pair(item.key, item.gray_name);
                    CHECK(s.items.emplace(id, EncodeConfigItem(item)).second);
                  },
                  [&](core::Namespace&& ns) { s.namespaces[ns.id] = ns.show_name; },
                  &s.last_revision)
              .ok());
  return s;
}

inline std::vector<uint64_t> Nids(const std::vector<core::HistoryEntry>& entries) {
  std::vector<uint64_t> nids;
  for (const auto& e : entries) nids.push_back(e.nid);
  return nids;
}

inline HistoryPage Page(Store& store, const core::ConfigKey& key, uint64_t offset, uint64_t limit) {
  StatusOr<HistoryPage> page = store.ListHistory(key, offset, limit);
  REQUIRE(page.ok());
  return std::move(*page);
}

inline std::vector<uint64_t> Since(Store& store, uint64_t after, uint64_t limit) {
  StatusOr<std::vector<core::HistoryEntry>> rows = store.HistorySince(after, limit);
  REQUIRE(rows.ok());
  return Nids(*rows);
}

// Revisions 1..7: kA formal (1, 3, 6), kA beta (4), kAb (2), kATenant (5), kA beta deleted (7).
inline void SeedHistory(Store& store) {
  REQUIRE(store.Apply({PutItem(Item(kA, "", "v1", 1))}).ok());
  REQUIRE(store.Apply({PutItem(Item(kAb, "", "ab", 2))}).ok());
  REQUIRE(store.Apply({PutItem(Item(kA, "", "v3", 3))}).ok());
  REQUIRE(store.Apply({PutItem(Item(kA, core::kBetaGrayName, "beta", 4))}).ok());
  REQUIRE(store.Apply({PutItem(Item(kATenant, "", "dev", 5))}).ok());
  REQUIRE(store.Apply({PutItem(Item(kA, "", "v6", 6))}).ok());
  REQUIRE(store.Apply({DeleteItem(kA, core::kBetaGrayName, 7)}).ok());
}

// The contract every Store implementation honours. Called once per SUBCASE pass with a fresh,
// empty store.
inline void CheckStoreContract(Store& store) {
  SUBCASE("an empty store has nothing") {
    Snapshot s = Load(store);
    CHECK(s.items.empty());
    CHECK(s.namespaces.empty());
    CHECK(s.last_revision == 0);
    CHECK(Page(store, kA, 0, 10).total_count == 0);
    StatusOr<std::optional<core::HistoryEntry>> row = store.GetHistory(1);
    REQUIRE(row.ok());
    CHECK_FALSE(row->has_value());
    CHECK(Since(store, 0, 10).empty());
    CHECK(store.Apply({}).ok());
  }

  SUBCASE("items: put, overwrite, gray variants, delete") {
    SeedHistory(store);
    Snapshot s = Load(store);
    CHECK(s.last_revision == 7);
    REQUIRE(s.items.size() == 3);  // kA formal, kAb, kATenant; kA beta was deleted
    CHECK(s.items.at({kA, ""}) == EncodeConfigItem(Item(kA, "", "v6", 6)));
    CHECK(s.items.at({kAb, ""}) == EncodeConfigItem(Item(kAb, "", "ab", 2)));
    CHECK(s.items.count({kA, core::kBetaGrayName}) == 0);

    // A delete of something absent is a no-op that still advances the revision.
    REQUIRE(store.Apply({DeleteItem(kAb, "tag_x", 8)}).ok());
    CHECK(Load(store).items.size() == 3);
    CHECK(Load(store).last_revision == 8);
  }

  SUBCASE("a batch applies all its mutations and records its highest revision") {
    REQUIRE(store
                .Apply({PutItem(Item(kA, "", "x", 10)), PutItem(Item(kAb, "", "y", 12)),
                        PutNamespace("dev", 11)})
                .ok());
    Snapshot s = Load(store);
    CHECK(s.items.size() == 2);
    CHECK(s.namespaces.size() == 1);
    CHECK(s.last_revision == 12);
    CHECK(Since(store, 0, 10) == std::vector<uint64_t>{10, 12});
  }

  SUBCASE("namespaces: put, overwrite, delete") {
    REQUIRE(store.Apply({PutNamespace("dev", 1), PutNamespace("prod", 2)}).ok());
    Mutation rename = PutNamespace("dev", 3);
    rename.ns.show_name = "Development";
    REQUIRE(store.Apply({rename}).ok());
    REQUIRE(store.Apply({DeleteNamespace("prod", 4)}).ok());
    Snapshot s = Load(store);
    CHECK(s.namespaces == std::map<std::string, std::string>{{"dev", "Development"}});
    CHECK(s.last_revision == 4);
  }

  SUBCASE("history of one key: all variants, newest first, paged, total_count") {
    SeedHistory(store);
    HistoryPage all = Page(store, kA, 0, 100);
    CHECK(all.total_count == 5);
    CHECK(Nids(all.entries) == std::vector<uint64_t>{7, 6, 4, 3, 1});
    CHECK(all.entries[0].op == core::HistoryOp::kDelete);
    CHECK(all.entries[0].gray_name == core::kBetaGrayName);

    HistoryPage second = Page(store, kA, 2, 2);
    CHECK(second.total_count == 5);
    CHECK(Nids(second.entries) == std::vector<uint64_t>{4, 3});

    HistoryPage past_end = Page(store, kA, 5, 10);
    CHECK(past_end.total_count == 5);
    CHECK(past_end.entries.empty());
    CHECK(Page(store, kA, 0, 0).entries.empty());

    // Keys whose encodings extend or share kA's bytes keep their own history.
    CHECK(Nids(Page(store, kAb, 0, 10).entries) == std::vector<uint64_t>{2});
    CHECK(Nids(Page(store, kATenant, 0, 10).entries) == std::vector<uint64_t>{5});
    CHECK(Page(store, {"", "DEFAULT_GROUP", "abc"}, 0, 10).total_count == 0);
    CHECK(Page(store, {"", "DEFAULT_GROU", "a"}, 0, 10).total_count == 0);
  }

  SUBCASE("GetHistory by nid") {
    SeedHistory(store);
    StatusOr<std::optional<core::HistoryEntry>> row = store.GetHistory(5);
    REQUIRE(row.ok());
    REQUIRE(row->has_value());
    CHECK((*row)->key == kATenant);
    CHECK((*row)->content == "content@5");
    StatusOr<std::optional<core::HistoryEntry>> missing = store.GetHistory(99);
    REQUIRE(missing.ok());
    CHECK_FALSE(missing->has_value());
  }

  SUBCASE("HistorySince: oldest first, after the given revision, limited") {
    SeedHistory(store);
    CHECK(Since(store, 0, 3) == std::vector<uint64_t>{1, 2, 3});
    CHECK(Since(store, 3, 100) == std::vector<uint64_t>{4, 5, 6, 7});
    CHECK(Since(store, 7, 100).empty());
    CHECK(Since(store, std::numeric_limits<uint64_t>::max(), 100).empty());
    CHECK(Since(store, 0, 0).empty());
  }

  SUBCASE("PruneHistory removes rows older than the cutoff everywhere") {
    SeedHistory(store);  // row n has time_ms n
    StatusOr<uint64_t> removed = store.PruneHistory(4);
    REQUIRE(removed.ok());
    CHECK(*removed == 3);  // nids 1, 2, 3
    CHECK(Since(store, 0, 100) == std::vector<uint64_t>{4, 5, 6, 7});
    HistoryPage page = Page(store, kA, 0, 100);
    CHECK(page.total_count == 3);
    CHECK(Nids(page.entries) == std::vector<uint64_t>{7, 6, 4});
    CHECK(Page(store, kAb, 0, 10).total_count == 0);
    StatusOr<std::optional<core::HistoryEntry>> gone = store.GetHistory(1);
    REQUIRE(gone.ok());
    CHECK_FALSE(gone->has_value());

    // Items and the revision are untouched; a second prune finds nothing.
    CHECK(Load(store).items.size() == 3);
    CHECK(Load(store).last_revision == 7);
    StatusOr<uint64_t> again = store.PruneHistory(4);
    REQUIRE(again.ok());
    CHECK(*again == 0);
  }

  SUBCASE("reads see whole batches while Apply runs on another thread") {
    constexpr uint64_t kBatches = 50;
    std::atomic<bool> done = false;
    Status writer_status;
    std::thread writer([&] {
      for (uint64_t rev = 1; rev <= kBatches && writer_status.ok(); ++rev) {
        // Two history rows per batch: a reader must never see one without the other.
        writer_status = store.Apply(
            {PutItem(Item(kA, "", "v", 2 * rev - 1)), PutItem(Item(kAb, "", "w", 2 * rev))});
      }
      done = true;
    });
    bool finished = false;
    while (!finished) {
      finished = done;  // read once more after the writer is done
      StatusOr<std::vector<core::HistoryEntry>> rows = store.HistorySince(0, 1000);
      REQUIRE(rows.ok());
      REQUIRE(rows->size() % 2 == 0);
      for (size_t i = 0; i < rows->size(); ++i) REQUIRE((*rows)[i].nid == i + 1);
      HistoryPage page = Page(store, kA, 0, 1000);
      REQUIRE(page.total_count == page.entries.size());
      for (size_t i = 1; i < page.entries.size(); ++i) {
        REQUIRE(page.entries[i - 1].nid > page.entries[i].nid);
      }
    }
    writer.join();
    REQUIRE(writer_status.ok());
    CHECK(Since(store, 0, 1000).size() == 2 * kBatches);
  }
}

}  // namespace lever::storage::contract
