// Where accepted events go: the Hudi table location of the live settings, mapped to a local file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "lever/pipeline.h"

namespace pipeline_worker {

struct SinkTarget {
  std::string file;            // <table dir>/<table name>.jsonl
  bool remote_mapped = false;  // the table path was a remote URI written under the local root
};

// hudi.table.path "file:///data/t" or "/data/t" (or a relative path) is a local directory;
// any other URI "scheme://rest" becomes "<remote_root>/scheme/rest", since this example writes no
// object stores. The file is "<dir>/<hudi.table.name>.jsonl". Pure.
SinkTarget ResolveSink(const lever::SinkSettings& sink, const std::string& remote_root);

// Appends events to the file of the current sink settings and reopens when they change (the old
// file is flushed and closed first). Thread safe: writers are serialised by one mutex.
class SinkWriter {
 public:
  explicit SinkWriter(std::string remote_root) : remote_root_(std::move(remote_root)) {}
  ~SinkWriter();
  SinkWriter(const SinkWriter&) = delete;
  SinkWriter& operator=(const SinkWriter&) = delete;

  // Appends `line` and a newline. False if the file cannot be opened or written (logged once per
  // target).
  bool Write(const lever::SinkSettings& sink, std::string_view line);
  void Flush();
  std::string current_file() const;
  uint64_t opens() const;

 private:
  bool ReopenLocked(const lever::SinkSettings& sink);

  const std::string remote_root_;
  mutable std::mutex mu_;
  std::string table_path_, table_name_;  // the settings the open file belongs to
  std::string file_name_;
  std::FILE* file_ = nullptr;
  uint64_t opens_ = 0;
};

}  // namespace pipeline_worker
