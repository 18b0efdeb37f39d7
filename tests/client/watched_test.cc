// Watched<T>: rejected versions keep the last good one; readers on many threads always see a
// complete, immutable version and never go backwards (run under TSan by tsan.sh).
#include "lever/watched.h"

#include <doctest/doctest.h>

#include <atomic>
#include <charconv>
#include <thread>

#include "client_fixture.h"

namespace lever::testing {

namespace {

// "n" -> {n, 2n, 3n}; n must be a non-negative integer.
struct Triple {
  int64_t a = 0, b = 0, c = 0;
};

Result<Triple> ParseTriple(std::string_view content) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(content.data(), content.data() + content.size(), n);
  if (ec != std::errc() || end != content.data() + content.size() || n < 0) {
    return Error{ErrorCode::kInvalidArgument, "value: '" + std::string(content) + "' is not a count"};
  }
  return Triple{n, 2 * n, 3 * n};
}

}  // namespace

TEST_CASE("watched: a rejected version keeps the last good one and is reported") {
  std::vector<Rejection> rejections;
  std::vector<uint64_t> updates;
  WatchedOptions options;
  options.on_rejected = [&](const Rejection& r) { rejections.push_back(r); };
  options.on_updated = [&](uint64_t v) { updates.push_back(v); };
  Watched<Triple> watched(ParseTriple, options);
  auto reader = watched.NewReader();
  CHECK(reader.get() == nullptr);
  CHECK(watched.Get() == nullptr);

  REQUIRE(watched.Offer("7").ok());
  REQUIRE(reader.get() != nullptr);
  CHECK(reader->b == 14);
  CHECK(reader.version() == 1);

  auto rejected = watched.Offer("1.7");
  REQUIRE_FALSE(rejected.ok());
  CHECK(rejected.error().code == ErrorCode::kInvalidArgument);
  CHECK(reader->a == 7);  // still the last good version
  CHECK(watched.Get()->a == 7);
  CHECK(watched.version() == 1);
  REQUIRE(rejections.size() == 1);
  CHECK(rejections[0].error.message == "value: '1.7' is not a count");
  CHECK(rejections[0].md5.size() == 32);
  WatchedStats stats = watched.stats();
  CHECK(stats.rejected == 1);
  CHECK(stats.accepted == 1);
  CHECK(stats.last_error.find("1.7") != std::string::npos);

  CHECK(watched.Offer("7").ok());  // the same content again is not a new version
  CHECK(watched.version() == 1);
  REQUIRE(watched.Offer("8").ok());
  CHECK(reader->c == 24);
  CHECK(updates == std::vector<uint64_t>{1, 2});
}

TEST_CASE("watched: concurrent readers see whole versions in order while a writer swaps") {
  Watched<Triple> watched(ParseTriple);
  REQUIRE(watched.Offer("0").ok());
  constexpr int kVersions = 2000;
  constexpr int kReaders = 4;
  std::atomic<int> torn{0}, backwards{0};
  std::atomic<int64_t> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      auto reader = watched.NewReader();
      int64_t last = -1, count = 0;
      for (;;) {  // until the final version has been seen
        const Triple* t = reader.get();
        if (t->b != 2 * t->a || t->c != 3 * t->a) torn.fetch_add(1);
        if (t->a < last) backwards.fetch_add(1);
        last = t->a;
        ++count;
        if (count % 64 == 0) (void)watched.Get();  // the convenient accessor races too
        if (t->a == kVersions) break;
      }
      reads.fetch_add(count);
    });
  }
  for (int v = 1; v <= kVersions; ++v) {
    REQUIRE(watched.Offer(std::to_string(v)).ok());
    if (v % 100 == 0) CHECK_FALSE(watched.Offer("bad").ok());
  }
  for (auto& t : readers) t.join();
  CHECK(torn.load() == 0);
  CHECK(backwards.load() == 0);
  CHECK(reads.load() > 0);
  CHECK(watched.Get()->a == kVersions);
  CHECK(watched.stats().rejected == kVersions / 100);
}

TEST_CASE("watched: follows a config on the server and counts rejections in the client") {
  const int port = FreePortPair();
  auto server = StartServerOn(port);
  for (Transport transport : {Transport::kGrpc, Transport::kHttp}) {
    auto client = ConfigClient::Create(TestOptions(transport, {port}));
    REQUIRE(client.ok());
    const ConfigKey key{UniqueDataId("watched"), "DEFAULT_GROUP"};
    PublishVia(port, key, "5");
    std::atomic<int> rejected{0};
    WatchedOptions options;
    options.on_rejected = [&](const Rejection&) { rejected.fetch_add(1); };
    auto watched = Watched<Triple>::Create(**client, key, ParseTriple, options);
    REQUIRE(watched.ok());
    Watched<Triple>& w = **watched;
    REQUIRE(w.Get() != nullptr);  // Create() fetched the current value
    CHECK(w.Get()->a == 5);

    PublishVia(port, key, "oops");
    REQUIRE(WaitUntil([&] { return rejected.load() == 1; }, kEventDeadline));
    CHECK(w.Get()->a == 5);
    CHECK((*client)->metrics().versions_rejected == 1);
    PublishVia(port, key, "6");
    REQUIRE(WaitUntil([&] { return w.Get()->a == 6; }, kEventDeadline));
    CHECK(w.version() == 2);
  }
}

}  // namespace lever::testing
