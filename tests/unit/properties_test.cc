// java.util.Properties.load semantics (client/include/lever/properties.h). Expected values are
// what Java's Properties.load(Reader) yields for the same text.
#include "lever/properties.h"

#include <doctest/doctest.h>

namespace {

lever::Properties Parse(std::string_view text) {
  auto parsed = lever::ParseProperties(text);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().message);
  return *parsed;
}

}  // namespace

TEST_CASE("properties: '=', ':' and whitespace separate key and value") {
  auto p = Parse("a=1\nb:2\nc 3\nd\t4\ne = 5\nf : 6\ng   =   7  \n");
  CHECK(p.at("a") == "1");
  CHECK(p.at("b") == "2");
  CHECK(p.at("c") == "3");
  CHECK(p.at("d") == "4");
  CHECK(p.at("e") == "5");
  CHECK(p.at("f") == "6");
  CHECK(p.at("g") == "7  ");  // trailing whitespace of a value is kept
  CHECK(p.size() == 7);
}

TEST_CASE("properties: only the first separator counts; later ones belong to the value") {
  auto p = Parse("url=http://h:1/x?a=b\nk = = v\nm :=v\nn==v\n");
  CHECK(p.at("url") == "http://h:1/x?a=b");
  CHECK(p.at("k") == "= v");
  CHECK(p.at("m") == "=v");
  CHECK(p.at("n") == "=v");
}

TEST_CASE("properties: a key alone has an empty value; so do 'k=' and 'k:'") {
  auto p = Parse("alone\nempty=\ncolon:\n  spaced   \n");
  CHECK(p.at("alone") == "");
  CHECK(p.at("empty") == "");
  CHECK(p.at("colon") == "");
  CHECK(p.at("spaced") == "");
}

TEST_CASE("properties: comments with # and !, blank lines and leading whitespace") {
  auto p = Parse(
      "# comment=1\n! bang=2\n   # indented comment\n\n \t\f\nkey=v # not a comment\n"
      "   lead = x\n");
  CHECK(p.size() == 2);
  CHECK(p.at("key") == "v # not a comment");
  CHECK(p.at("lead") == "x");
}

TEST_CASE("properties: \\r, \\n and \\r\\n all end a line") {
  auto p = Parse("a=1\rb=2\r\nc=3\nd=4");
  CHECK(p.at("a") == "1");
  CHECK(p.at("b") == "2");
  CHECK(p.at("c") == "3");
  CHECK(p.at("d") == "4");
}

TEST_CASE("properties: line continuations drop the backslash and the next line's indentation") {
  auto p = Parse("fruits = apple, banana, \\\n         pear, \\\r\n    cherry\nnext=1\n");
  CHECK(p.at("fruits") == "apple, banana, pear, cherry");
  CHECK(p.at("next") == "1");
}

TEST_CASE("properties: an even number of trailing backslashes does not continue the line") {
  auto p = Parse("path=c:\\\\\nnext=1\n");
  CHECK(p.at("path") == "c:\\");
  CHECK(p.at("next") == "1");
}

TEST_CASE("properties: a continuation line starting with # is value, a comment never continues") {
  auto p = Parse("a=1\\\n  #2\n# comment \\\nb=3\n");
  CHECK(p.at("a") == "1#2");
  CHECK(p.at("b") == "3");
  CHECK(p.size() == 2);
}

TEST_CASE("properties: a continuation followed by a blank line ends there; at EOF it is dropped") {
  auto p = Parse("a=1\\\n\nb=2\\");
  CHECK(p.at("a") == "1");
  CHECK(p.at("b") == "2");
}

TEST_CASE("properties: escapes \\t \\n \\r \\f, escaped separators and other escaped characters") {
  auto p = Parse(
      "tab=a\\tb\nnl=a\\nb\ncr=a\\rb\nff=a\\fb\nkey\\=with\\:seps\\ sp=v\n"
      "other=\\q\\\\\\#\nlead=\\  two spaces kept\n");
  CHECK(p.at("tab") == "a\tb");
  CHECK(p.at("nl") == "a\nb");
  CHECK(p.at("cr") == "a\rb");
  CHECK(p.at("ff") == "a\fb");
  CHECK(p.at("key=with:seps sp") == "v");
  CHECK(p.at("other") == "q\\#");
  CHECK(p.at("lead") == "  two spaces kept");
}

TEST_CASE("properties: \\uXXXX becomes UTF-8, surrogate pairs combine, raw UTF-8 passes through") {
  auto p =
      Parse("e=caf\\u00e9\ncjk=\\u4E2D\\u6587\nemoji=\\uD83D\\uDE00\nlone=\\uD800x\nraw=中文\n");
  CHECK(p.at("e") == "caf\xC3\xA9");
  CHECK(p.at("cjk") == "中文");
  CHECK(p.at("emoji") == "\xF0\x9F\x98\x80");
  CHECK(p.at("lone") == "\xEF\xBF\xBDx");
  CHECK(p.at("raw") == "中文");
}

TEST_CASE("properties: a malformed \\u escape is refused with the line number") {
  auto bad = lever::ParseProperties("ok=1\nbad=\\u12g4\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == lever::ErrorCode::kInvalidArgument);
  CHECK(bad.error().message.find("line 2") != std::string::npos);
  CHECK_FALSE(lever::ParseProperties("short=\\u12").ok());
}

TEST_CASE("properties: a duplicate key keeps the last value") {
  auto p = Parse("k=first\nk=second\n k : third\n");
  CHECK(p.at("k") == "third");
  CHECK(p.size() == 1);
}

TEST_CASE("properties: empty input and input without a final newline") {
  CHECK(Parse("").empty());
  CHECK(Parse("\n\n# only comments\n").empty());
  CHECK(Parse("last=value").at("last") == "value");
}

TEST_CASE("properties: the pipeline fixture parses to its eight keys") {
  auto p = Parse(
      "# dataId: spark-hudi-pipeline.properties   group: DEFAULT_GROUP\n"
      "otel.exporter.otlp.endpoint=http://otel-collector.observability.svc.cluster.local:4317\n"
      "otel.traces.sampler=parentbased_traceidratio\notel.traces.sampler.arg=0.2\n"
      "data.quality.validation.enabled=true\ndata.quality.min.event.timestamp.epoch=1672531200\n"
      "hudi.table.path=oss://my-datalake-bucket/hudi_user_events\nhudi.table.name=user_events\n"
      "hudi.table.type=COPY_ON_WRITE\n");
  CHECK(p.size() == 8);
  CHECK(p.at("otel.exporter.otlp.endpoint") ==
        "http://otel-collector.observability.svc.cluster.local:4317");
  CHECK(p.at("hudi.table.path") == "oss://my-datalake-bucket/hudi_user_events");
}

TEST_CASE("json as properties: nested and dotted keys flatten alike; arrays are refused") {
  auto p = lever::ParseJsonAsProperties(
      R"({"otel":{"traces":{"sampler":"traceidratio"}},"otel.traces.sampler.arg":0.5,)"
      R"("data":{"quality":{"validation":{"enabled":true}}},"x":null})");
  REQUIRE(p.ok());
  CHECK(p->at("otel.traces.sampler") == "traceidratio");
  CHECK(p->at("otel.traces.sampler.arg") == "0.5");
  CHECK(p->at("data.quality.validation.enabled") == "true");
  CHECK(p->at("x") == "");
  auto arrays = lever::ParseJsonAsProperties(R"({"a":{"b":[1]}})");
  REQUIRE_FALSE(arrays.ok());
  CHECK(arrays.error().message.rfind("a.b:", 0) == 0);
  CHECK_FALSE(lever::ParseJsonAsProperties("[1,2]").ok());
  CHECK_FALSE(lever::ParseJsonAsProperties("{not json").ok());
}
