// CompactString: a string that costs one pointer when empty.
//
// ConfigItem keeps a dozen descriptive fields (appName, desc, tags, gray metadata...) that most
// configs leave empty. As std::string each costs 32 bytes even when empty; 10,000 configs held in
// memory paid ~2.4 MB for nothing (DESIGN.md sets an idle-RSS goal). A CompactString is a null
// pointer when empty and a heap std::string otherwise, and reads as a `const std::string&`.
//
// Not thread safe for concurrent writes, like std::string; concurrent reads are fine.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace lever::base {

class CompactString {
 public:
  CompactString() = default;
  CompactString(std::string value) { Assign(std::move(value)); }  // NOLINT: implicit by design
  CompactString(std::string_view value) { Assign(std::string(value)); }  // NOLINT
  CompactString(const char* value) { Assign(std::string(value)); }        // NOLINT
  CompactString(const CompactString& other) { Assign(other.str()); }
  CompactString(CompactString&&) noexcept = default;
  CompactString& operator=(const CompactString& other) {
    if (this != &other) Assign(other.str());
    return *this;
  }
  CompactString& operator=(CompactString&&) noexcept = default;
  CompactString& operator=(std::string value) {
    Assign(std::move(value));
    return *this;
  }
  CompactString& operator=(std::string_view value) { return *this = std::string(value); }
  CompactString& operator=(const char* value) { return *this = std::string(value); }

  const std::string& str() const { return value_ ? *value_ : Empty(); }
  operator const std::string&() const { return str(); }  // NOLINT: reads as a std::string
  operator std::string_view() const { return str(); }     // NOLINT

  bool empty() const { return value_ == nullptr; }
  size_t size() const { return str().size(); }
  const char* c_str() const { return str().c_str(); }
  const char* data() const { return str().data(); }
  void clear() { value_.reset(); }

  friend bool operator==(const CompactString& a, const CompactString& b) { return a.str() == b.str(); }
  friend bool operator==(const CompactString& a, const std::string& b) { return a.str() == b; }
  friend bool operator==(const CompactString& a, std::string_view b) { return a.str() == b; }
  friend bool operator==(const CompactString& a, const char* b) { return a.str() == b; }
  friend auto operator<=>(const CompactString& a, const CompactString& b) { return a.str() <=> b.str(); }

 private:
  void Assign(std::string value) {
    if (value.empty()) {
      value_.reset();
    } else {
      value_ = std::make_unique<std::string>(std::move(value));
    }
  }
  static const std::string& Empty() {
    static const std::string kEmpty;
    return kEmpty;
  }

  std::unique_ptr<std::string> value_;
};

inline std::string operator+(const std::string& a, const CompactString& b) { return a + b.str(); }
inline std::string operator+(const CompactString& a, const std::string& b) { return a.str() + b; }

}  // namespace lever::base
