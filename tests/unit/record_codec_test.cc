// Round trips and corrupt-input rejection for storage/record_codec.
#include "storage/record_codec.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

namespace lever::storage {
namespace {

core::ConfigItem FullItem() {
  core::ConfigItem item;
  item.key = {"tenant-1", "GROUP_A", "app.properties"};
  item.gray_name = "beta";
  item.beta_ips = "10.0.0.1,10.0.0.2";
  item.tag = "t1";
  item.content = std::string("a=1\nb=\0\xff\x80", 9);  // binary-safe
  item.md5 = "0123456789abcdef0123456789abcdef";
  item.type = "properties";
  item.app_name = "app";
  item.desc = "desc";
  item.use = "use";
  item.effect = "effect";
  item.schema = "schema";
  item.config_tags = "x,y";
  item.encrypted_data_key = "edk";
  item.src_user = "alice";
  item.src_ip = "127.0.0.1";
  item.create_time_ms = -5;  // negative values survive the unsigned wire form
  item.modify_time_ms = 1'700'000'000'123;
  item.create_revision = 7;
  item.modify_revision = 0xfedcba9876543210ULL;
  return item;
}

core::HistoryEntry FullEntry() {
  core::HistoryEntry entry;
  entry.nid = 42;
  entry.config_id = 7;
  entry.key = {"", "DEFAULT_GROUP", "x.yaml"};
  entry.gray_name = "tag_blue";
  entry.op = core::HistoryOp::kDelete;
  entry.content = "k: v";
  entry.md5 = "m";
  entry.type = "yaml";
  entry.app_name = "a";
  entry.encrypted_data_key = "e";
  entry.src_user = "bob";
  entry.src_ip = "::1";
  entry.time_ms = 99;
  return entry;
}

// Every proper prefix of a valid encoding, and the encoding plus one byte, must be rejected.
template <typename Decode>
void CheckRejectsTruncationAndTrailing(const std::string& encoded, Decode decode) {
  for (size_t n = 0; n < encoded.size(); ++n) {
    auto result = decode(std::string_view(encoded).substr(0, n));
    CAPTURE(n);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == StatusCode::kInternal);
    CHECK(result.status().message().starts_with("corrupt record"));
  }
  CHECK_FALSE(decode(encoded + "x").ok());
}

TEST_CASE("record codec: config item round-trips every field") {
  const core::ConfigItem in = FullItem();
  const std::string bytes = EncodeConfigItem(in);
  CHECK(static_cast<uint8_t>(bytes[0]) == kRecordFormatVersion);
  StatusOr<core::ConfigItem> out = DecodeConfigItem(bytes);
  REQUIRE(out.ok());
  CHECK(out->key == in.key);
  CHECK(out->gray_name == in.gray_name);
  CHECK(out->beta_ips == in.beta_ips);
  CHECK(out->tag == in.tag);
  CHECK(out->content == in.content);
  CHECK(out->md5 == in.md5);
  CHECK(out->type == in.type);
  CHECK(out->app_name == in.app_name);
  CHECK(out->desc == in.desc);
  CHECK(out->use == in.use);
  CHECK(out->effect == in.effect);
  CHECK(out->schema == in.schema);
  CHECK(out->config_tags == in.config_tags);
  CHECK(out->encrypted_data_key == in.encrypted_data_key);
  CHECK(out->src_user == in.src_user);
  CHECK(out->src_ip == in.src_ip);
  CHECK(out->create_time_ms == in.create_time_ms);
  CHECK(out->modify_time_ms == in.modify_time_ms);
  CHECK(out->create_revision == in.create_revision);
  CHECK(out->modify_revision == in.modify_revision);
  CHECK(EncodeConfigItem(*out) == bytes);

  StatusOr<core::ConfigItem> empty = DecodeConfigItem(EncodeConfigItem(core::ConfigItem{}));
  REQUIRE(empty.ok());
  CHECK(empty->content.empty());
  CHECK(empty->modify_revision == 0);
}

TEST_CASE("record codec: history entry and namespace round-trip") {
  const core::HistoryEntry entry = FullEntry();
  StatusOr<core::HistoryEntry> e = DecodeHistoryEntry(EncodeHistoryEntry(entry));
  REQUIRE(e.ok());
  CHECK(e->nid == 42);
  CHECK(e->config_id == 7);
  CHECK(e->key == entry.key);
  CHECK(e->gray_name == "tag_blue");
  CHECK(e->op == core::HistoryOp::kDelete);
  CHECK(e->content == "k: v");
  CHECK(e->md5 == "m");
  CHECK(e->type == "yaml");
  CHECK(e->app_name == "a");
  CHECK(e->encrypted_data_key == "e");
  CHECK(e->src_user == "bob");
  CHECK(e->src_ip == "::1");
  CHECK(e->time_ms == 99);

  const core::Namespace ns{"dev", "Development", "the dev namespace", 1234};
  StatusOr<core::Namespace> n = DecodeNamespace(EncodeNamespace(ns));
  REQUIRE(n.ok());
  CHECK(n->id == "dev");
  CHECK(n->show_name == "Development");
  CHECK(n->desc == "the dev namespace");
  CHECK(n->create_time_ms == 1234);

  StatusOr<uint64_t> counter = DecodeCounter(EncodeCounter(0x0102030405060708ULL));
  REQUIRE(counter.ok());
  CHECK(*counter == 0x0102030405060708ULL);
}

TEST_CASE("record codec: truncated or padded input is rejected") {
  CheckRejectsTruncationAndTrailing(EncodeConfigItem(FullItem()), DecodeConfigItem);
  CheckRejectsTruncationAndTrailing(EncodeHistoryEntry(FullEntry()), DecodeHistoryEntry);
  CheckRejectsTruncationAndTrailing(EncodeNamespace({"dev", "Dev", "", 1}), DecodeNamespace);
  CheckRejectsTruncationAndTrailing(EncodeCounter(5), DecodeCounter);
}

TEST_CASE("record codec: garbage is rejected") {
  SUBCASE("unknown format version") {
    std::string bytes = EncodeNamespace({"dev", "Dev", "", 1});
    bytes[0] = static_cast<char>(kRecordFormatVersion + 1);
    CHECK_FALSE(DecodeNamespace(bytes).ok());
  }
  SUBCASE("another record kind") {
    CHECK_FALSE(DecodeHistoryEntry(EncodeConfigItem(FullItem())).ok());
    CHECK_FALSE(DecodeConfigItem(EncodeNamespace({"dev", "Dev", "", 1})).ok());
  }
  SUBCASE("unknown history op") {
    std::string bytes = EncodeHistoryEntry(FullEntry());
    // header(2) + nid(8) + config_id(8) + three key strings + gray name, then the op byte.
    const core::HistoryEntry e = FullEntry();
    const size_t op_at = 2 + 8 + 8 + 4 * 4 + e.key.tenant.size() + e.key.group.size() +
                         e.key.data_id.size() + e.gray_name.size();
    REQUIRE(bytes[op_at] == 'D');
    bytes[op_at] = 'Z';
    CHECK_FALSE(DecodeHistoryEntry(bytes).ok());
  }
  SUBCASE("string length beyond the input") {
    std::string bytes = EncodeNamespace({"dev", "Dev", "", 1});
    bytes[2] = bytes[3] = bytes[4] = bytes[5] = '\xff';  // id length = 4 GiB - 1
    CHECK_FALSE(DecodeNamespace(bytes).ok());
  }
  SUBCASE("random bytes never crash") {
    std::mt19937 rng(12345);  // fixed seed: the test is deterministic
    const std::string valid = EncodeConfigItem(FullItem());
    for (int round = 0; round < 2000; ++round) {
      std::string bytes = valid;
      // Flip a few bytes of a valid record (keeps the header plausible), or use pure noise.
      if (round % 2 == 0) {
        for (int i = 0; i < 3; ++i) bytes[rng() % bytes.size()] = static_cast<char>(rng());
      } else {
        bytes.resize(rng() % 64);
        for (char& c : bytes) c = static_cast<char>(rng());
      }
      (void)DecodeConfigItem(bytes);
      (void)DecodeHistoryEntry(bytes);
      (void)DecodeNamespace(bytes);
    }
  }
}

}  // namespace
}  // namespace lever::storage
