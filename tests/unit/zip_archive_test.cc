// base/zip_archive: round trips, interoperability with Info-ZIP's zip/unzip, and the reader's
// defences against malformed, truncated and expanding (bomb) archives.
#include "base/zip_archive.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "unit/temp_dir.h"

using namespace lever;

namespace {

constexpr int64_t kSomeTime = 1741665776;  // 2025-03-11

std::string Archive(const std::vector<std::pair<std::string, std::string>>& files,
                    ZipMethod method) {
  ZipWriter writer(kSomeTime);
  for (const auto& [name, data] : files) REQUIRE(writer.Add(name, data, method).ok());
  return std::move(writer).Finish();
}

uint32_t Get32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<uint8_t>(s[at + i]);
  return v;
}

void Put32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>(v >> (8 * i) & 0xff);
}

void Put16(std::string& s, size_t at, uint16_t v) {
  s[at] = static_cast<char>(v & 0xff);
  s[at + 1] = static_cast<char>(v >> 8);
}

// Offset of the first central directory record (archives written without a comment).
size_t CentralOffset(const std::string& zip) { return Get32(zip, zip.size() - 22 + 16); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << data;
}

bool HaveTool(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::string Binary() {
  std::string s;
  for (int i = 0; i < 1000; ++i) s.push_back(static_cast<char>(i * 7 % 256));
  return s;
}

}  // namespace

TEST_CASE("zip: stored and deflated entries round trip") {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"DEFAULT_GROUP/app.yaml", "a: 1"},
      {"DEFAULT_GROUP/empty", ""},
      {"G/中文.properties", "k=值"},
      {"G/binary", Binary()},
      {"G/large.txt", std::string(1 << 20, 'x')},
      {"dir/", ""},
  };
  for (ZipMethod method : {ZipMethod::kStored, ZipMethod::kDeflated}) {
    CAPTURE(static_cast<int>(method));
    const std::string zip = Archive(files, method);
    auto entries = ReadZip(zip);
    REQUIRE_MESSAGE(entries.ok(), entries.status().ToString());
    REQUIRE(entries->size() == files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      CHECK((*entries)[i].name == files[i].first);
      CHECK((*entries)[i].data == files[i].second);
    }
    CHECK(entries->back().is_directory());
    CHECK_FALSE(entries->front().is_directory());
    if (method == ZipMethod::kDeflated) CHECK(zip.size() < 64 * 1024);  // 1 MiB of 'x' shrinks
  }
}

TEST_CASE("zip: the writer records the CRC-32 of the data") {
  const std::string zip = Archive({{"check", "123456789"}}, ZipMethod::kDeflated);
  CHECK(Get32(zip, 0) == 0x04034b50u);
  CHECK(Get32(zip, 14) == 0xcbf43926u);  // the standard CRC-32 check value
  CHECK(Get32(zip, CentralOffset(zip) + 16) == 0xcbf43926u);
}

TEST_CASE("zip: an empty archive is 22 bytes and reads back empty") {
  const std::string zip = ZipWriter(kSomeTime).Finish();
  CHECK(zip.size() == 22);
  auto entries = ReadZip(zip);
  REQUIRE(entries.ok());
  CHECK(entries->empty());
}

TEST_CASE("zip: the writer rejects empty names") {
  ZipWriter writer(kSomeTime);
  CHECK(writer.Add("", "x", ZipMethod::kStored).code() == StatusCode::kInvalidArgument);
}

TEST_CASE("zip: archives made by Info-ZIP zip are read") {
  if (!HaveTool("zip")) {
    MESSAGE("zip(1) not installed; skipped");
    return;
  }
  testing::TempDir dir;
  WriteFile(dir.path() + "/in/DEFAULT_GROUP/app.yaml", "a: 1\n");
  WriteFile(dir.path() + "/in/DEFAULT_GROUP/big.txt", std::string(200000, 'z'));
  WriteFile(dir.path() + "/in/OTHER/bin", Binary());
  for (const char* level : {"-0", "-9"}) {
    CAPTURE(level);
    const std::string out = dir.path() + "/out" + level + ".zip";
    const std::string cmd = "cd " + dir.path() + "/in && zip -q -r " + level + " " + out + " .";
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto entries = ReadZip(ReadFile(out));
    REQUIRE_MESSAGE(entries.ok(), entries.status().ToString());
    std::map<std::string, std::string> files;
    for (const ZipEntry& e : *entries) {
      if (!e.is_directory()) files[e.name] = e.data;
    }
    CHECK(files.size() == 3);
    CHECK(files["DEFAULT_GROUP/app.yaml"] == "a: 1\n");
    CHECK(files["DEFAULT_GROUP/big.txt"] == std::string(200000, 'z'));
    CHECK(files["OTHER/bin"] == Binary());
  }
  // Streamed from stdin: sizes follow the data in a data descriptor.
  const std::string streamed = dir.path() + "/streamed.zip";
  REQUIRE(std::system(("printf 'k=v' | zip -q " + streamed + " -").c_str()) == 0);
  auto entries = ReadZip(ReadFile(streamed));
  REQUIRE_MESSAGE(entries.ok(), entries.status().ToString());
  REQUIRE(entries->size() == 1);
  CHECK((*entries)[0].data == "k=v");
}

TEST_CASE("zip: archives written here pass unzip -t and extract unchanged") {
  if (!HaveTool("unzip")) {
    MESSAGE("unzip(1) not installed; skipped");
    return;
  }
  testing::TempDir dir;
  const std::string path = dir.path() + "/export.zip";
  WriteFile(path, Archive({{"G/a.json", "{\"a\":1}"}, {"G/bin", Binary()}}, ZipMethod::kDeflated));
  CHECK(std::system(("unzip -tq " + path + " >/dev/null").c_str()) == 0);
  REQUIRE(std::system(("cd " + dir.path() + " && unzip -q " + path).c_str()) == 0);
  CHECK(ReadFile(dir.path() + "/G/a.json") == "{\"a\":1}");
  CHECK(ReadFile(dir.path() + "/G/bin") == Binary());
}

TEST_CASE("zip: bytes that are not an archive are rejected") {
  for (const std::string& junk : {std::string(), std::string("PK"), std::string("hello world"),
                                  std::string(100, '\0'), std::string(70000, 'x')}) {
    auto entries = ReadZip(junk);
    CHECK(entries.status().code() == StatusCode::kInvalidArgument);
  }
}

TEST_CASE("zip: every truncation of an archive is rejected") {
  const std::string zip =
      Archive({{"G/a", "first entry"}, {"G/b", std::string(5000, 'b')}}, ZipMethod::kDeflated);
  for (size_t len = 0; len < zip.size(); ++len) {
    auto entries = ReadZip(std::string_view(zip).substr(0, len));
    CHECK_MESSAGE(!entries.ok(), "prefix of " << len << " bytes was accepted");
  }
}

TEST_CASE("zip: corrupt bytes anywhere never crash the reader") {
  const std::string zip =
      Archive({{"G/a", "some text to compress, some text"}, {"G/b", "b"}}, ZipMethod::kDeflated);
  for (size_t at = 0; at < zip.size(); ++at) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      std::string bad = zip;
      bad[at] = static_cast<char>(bad[at] ^ mask);
      auto entries = ReadZip(bad);  // ok (e.g. a changed time stamp) or an error; never UB
      if (entries.ok()) CHECK(entries->size() <= 2);
    }
  }
}

TEST_CASE("zip: damaged data fails its CRC or inflate check") {
  const std::string payload = "the content of a config that is long enough to matter";
  std::string stored = Archive({{"G/a", payload}}, ZipMethod::kStored);
  stored[30 + 3 + 5] ^= 0x20;  // a byte of the stored data
  auto a = ReadZip(stored);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().message().find("CRC") != std::string::npos);

  std::string deflated = Archive({{"G/a", payload}}, ZipMethod::kDeflated);
  deflated[30 + 3 + 2] ^= 0x55;
  CHECK_FALSE(ReadZip(deflated).ok());
}

TEST_CASE("zip: unsupported features are refused") {
  const std::string zip = Archive({{"G/a", "x"}}, ZipMethod::kStored);
  const size_t central = CentralOffset(zip);

  std::string encrypted = zip;
  Put16(encrypted, central + 8, 0x0801);
  CHECK(ReadZip(encrypted).status().message().find("encrypted") != std::string::npos);

  std::string bzip2 = zip;
  Put16(bzip2, central + 10, 12);
  CHECK(ReadZip(bzip2).status().message().find("method 12") != std::string::npos);

  std::string zip64 = zip;
  Put32(zip64, central + 24, 0xffffffffu);
  CHECK(ReadZip(zip64).status().message().find("zip64") != std::string::npos);

  std::string multi_disk = zip;
  Put16(multi_disk, multi_disk.size() - 22 + 4, 1);
  CHECK(ReadZip(multi_disk).status().message().find("multi-disk") != std::string::npos);

  std::string bad_offset = zip;
  Put32(bad_offset, central + 42, 1000);
  CHECK(ReadZip(bad_offset).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("zip: an entry that inflates beyond its declared size is stopped there") {
  // 8 MiB of zeros deflate to a few KiB; the central directory claims 100 bytes.
  std::string zip = Archive({{"G/bomb", std::string(8 << 20, '\0')}}, ZipMethod::kDeflated);
  const size_t central = CentralOffset(zip);
  Put32(zip, central + 24, 100);
  auto entries = ReadZip(zip);
  REQUIRE_FALSE(entries.ok());
  CHECK(entries.status().message().find("beyond its declared size") != std::string::npos);

  // A declared size larger than the data is caught as well.
  std::string short_data = Archive({{"G/a", "abc"}}, ZipMethod::kDeflated);
  Put32(short_data, CentralOffset(short_data) + 24, 4);
  CHECK(ReadZip(short_data).status().message().find("shorter") != std::string::npos);
}

TEST_CASE("zip: the total uncompressed size is capped before anything is inflated") {
  // 65 MiB of zeros: a ~64 KiB archive that would expand beyond the default 64 MiB cap.
  const std::string bomb = Archive({{"G/a", std::string(65 << 20, '\0')}}, ZipMethod::kDeflated);
  CHECK(bomb.size() < 200 * 1024);
  auto entries = ReadZip(bomb);
  REQUIRE_FALSE(entries.ok());
  CHECK(entries.status().code() == StatusCode::kResourceExhausted);

  ZipReadLimits small;
  small.max_total_uncompressed = 10;
  CHECK(ReadZip(Archive({{"a", "12345"}, {"b", "12345"}}, ZipMethod::kStored), small).ok());
  CHECK(ReadZip(Archive({{"a", "12345"}, {"b", "123456"}}, ZipMethod::kStored), small)
            .status()
            .code() == StatusCode::kResourceExhausted);
}

TEST_CASE("zip: the entry count is capped") {
  ZipWriter writer(kSomeTime);
  for (int i = 0; i < 10001; ++i)
    REQUIRE(writer.Add("G/" + std::to_string(i), "", ZipMethod::kStored).ok());
  const std::string zip = std::move(writer).Finish();
  auto entries = ReadZip(zip);
  REQUIRE_FALSE(entries.ok());
  CHECK(entries.status().code() == StatusCode::kResourceExhausted);

  ZipReadLimits more;
  more.max_entries = 20000;
  auto all = ReadZip(zip, more);
  REQUIRE(all.ok());
  CHECK(all->size() == 10001);
}
