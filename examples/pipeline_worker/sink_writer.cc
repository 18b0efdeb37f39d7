#include "sink_writer.h"

#include <filesystem>
#include <iostream>

namespace pipeline_worker {

SinkTarget ResolveSink(const lever::SinkSettings& sink, const std::string& remote_root) {
  std::string_view path = sink.table_path;
  SinkTarget target;
  std::string dir;
  if (path.starts_with("file://")) {
    path.remove_prefix(7);
    if (path.starts_with("localhost/")) path.remove_prefix(9);
    dir = std::string(path);
  } else if (size_t scheme_end = path.find("://"); scheme_end != std::string_view::npos) {
    dir = remote_root + "/" + std::string(path.substr(0, scheme_end)) + "/" +
          std::string(path.substr(scheme_end + 3));
    target.remote_mapped = true;
  } else {
    dir = std::string(path);
  }
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  target.file = dir + "/" + sink.table_name + ".jsonl";
  return target;
}

SinkWriter::~SinkWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

bool SinkWriter::ReopenLocked(const lever::SinkSettings& sink) {
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
  table_path_ = sink.table_path;
  table_name_ = sink.table_name;
  SinkTarget target = ResolveSink(sink, remote_root_);
  file_name_ = target.file;
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(target.file).parent_path(), ignored);
  file_ = std::fopen(target.file.c_str(), "a");
  if (file_ == nullptr) {
    std::cerr << "event=sink_open_failed file=" << target.file << "\n";
    return false;
  }
  ++opens_;
  std::cerr << "event=sink_opened table_path=" << sink.table_path << " file=" << target.file
            << (target.remote_mapped ? " note=remote_uri_written_locally" : "") << "\n";
  return true;
}

bool SinkWriter::Write(const lever::SinkSettings& sink, std::string_view line) {
  std::lock_guard lock(mu_);
  if (sink.table_path != table_path_ || sink.table_name != table_name_) {
    if (!ReopenLocked(sink)) return false;
  }
  if (file_ == nullptr) return false;
  return std::fwrite(line.data(), 1, line.size(), file_) == line.size() &&
         std::fputc('\n', file_) != EOF;
}

void SinkWriter::Flush() {
  std::lock_guard lock(mu_);
  if (file_ != nullptr) std::fflush(file_);
}

std::string SinkWriter::current_file() const {
  std::lock_guard lock(mu_);
  return file_name_;
}

uint64_t SinkWriter::opens() const {
  std::lock_guard lock(mu_);
  return opens_;
}

}  // namespace pipeline_worker
