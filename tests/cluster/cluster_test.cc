// Three lever-server nodes (--store=etcd) on a three-member etcd cluster, all real processes on
// loopback: cross-node notification, kill -9 of a node under publish load, loss of an etcd
// member, and a restarted node catching up.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/etcd_process.h"
#include "support/grpc_test_client.h"
#include "support/http_client.h"
#include "support/server_process.h"
#include "support/wait_until.h"

namespace lever::testing {
namespace {

using namespace std::chrono_literals;
constexpr const char* kGroup = "DEFAULT_GROUP";

std::unique_ptr<ServerProcess> StartNode(const EtcdCluster& etcd) {
  ServerOptions o;
  o.store = "etcd";
  o.extra_args = {"--etcd-endpoints=" + etcd.endpoints(), "--host=127.0.0.1"};
  auto node = std::make_unique<ServerProcess>(o);
  REQUIRE_MESSAGE(node->Start(), node->Describe());
  return node;
}

bool Publish(int port, const std::string& data_id, const std::string& content) {
  HttpResponse r = HttpClient(port, "127.0.0.1", 5000ms)
                       .PostForm("/nacos/v1/cs/configs", {{"dataId", data_id}, {"group", kGroup}, {"content", content}});
  return r.status == 200 && r.body == "true";
}

HttpResponse Get(int port, const std::string& data_id) {
  return HttpClient(port, "127.0.0.1", 5000ms).Get("/nacos/v1/cs/configs", {{"dataId", data_id}, {"group", kGroup}});
}

int LongPollsHeld(int port) {
  HttpResponse r = HttpClient(port).Get("/metrics");
  const std::string needle = "\nlever_long_polls ";
  size_t at = r.body.find(needle);
  return at == std::string::npos ? -1 : std::atoi(r.body.c_str() + at + needle.size());
}

// A Nacos-style listener of one key that fails over across nodes: long-polls its current node
// with the md5 it holds; on a change it re-reads the content; when the node does not answer it
// moves to the next one.
class Listener {
 public:
  Listener(std::vector<int*> ports, std::string data_id) : ports_(std::move(ports)), data_id_(std::move(data_id)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Listener() {
    stop_ = true;
    thread_.join();
  }
  std::string md5() {
    std::lock_guard lock(mutex_);
    return md5_;
  }
  int failovers() const { return failovers_; }

 private:
  void Run() {
    size_t node = 0;
    while (!stop_) {
      const int port = *ports_[node % ports_.size()];
      LongPollRequest request;
      request.listening_configs = ListenRecord(data_id_, kGroup, md5());
      request.timeout_ms = 2000;  // short holds so stop_ is seen quickly
      HttpResponse r = LongPoll(port, request, 5000ms);
      if (!r.received() || r.status != 200) {
        ++node;
        ++failovers_;
        std::this_thread::sleep_for(50ms);  // a client's reconnect backoff
        continue;
      }
      if (r.body.empty()) continue;  // hold expired, nothing changed
      HttpResponse content = Get(port, data_id_);
      if (content.status == 200) {
        std::lock_guard lock(mutex_);
        md5_ = Md5Hex(content.body);
      }
    }
  }
  std::vector<int*> ports_;
  std::string data_id_;
  std::mutex mutex_;
  std::string md5_;
  std::atomic<bool> stop_ = false;
  std::atomic<int> failovers_ = 0;
  std::thread thread_;
};

}  // namespace

TEST_CASE("cluster: three lever nodes on a three-member etcd") {
  EtcdCluster etcd(3);
  REQUIRE_MESSAGE(etcd.Start(), etcd.Describe());
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  for (int i = 0; i < 3; ++i) nodes.push_back(StartNode(etcd));
  int ports[3] = {nodes[0]->http_port(), nodes[1]->http_port(), nodes[2]->http_port()};

  // The cluster endpoints list every live node.
  CHECK(WaitUntil([&] {
    HttpResponse r = HttpClient(ports[0]).Get("/nacos/v1/core/cluster/nodes");
    return r.body.find(":" + std::to_string(ports[1])) != std::string::npos &&
           r.body.find(":" + std::to_string(ports[2])) != std::string::npos;
  }, 5000ms));
  HttpResponse serverlist = HttpClient(ports[1]).Get("/nacos/serverlist");
  CHECK(serverlist.body.find("127.0.0.1:" + std::to_string(ports[0]) + "\n") != std::string::npos);

  SUBCASE("publish on node 1 wakes listeners held on nodes 2 and 3") {
    std::vector<HttpResponse> answers(2);
    std::vector<std::thread> polls;
    for (int i = 0; i < 2; ++i) {
      polls.emplace_back([&, i] {
        LongPollRequest request;
        request.listening_configs = ListenRecord("cross", kGroup, "");
        request.timeout_ms = 20000;
        answers[i] = LongPoll(ports[i + 1], request);
      });
    }
    // Both long-polls are held before the publish, so the wake-up comes from the etcd feed.
    CHECK(WaitUntil([&] { return LongPollsHeld(ports[1]) == 1 && LongPollsHeld(ports[2]) == 1; }, 5000ms));
    // Node 1 holds no listener itself: its listener query shows the ones held on nodes 2 and 3.
    HttpResponse who = HttpClient(ports[0]).Get("/nacos/v1/cs/configs/listener", {{"dataId", "cross"}, {"group", kGroup}});
    CHECK_MESSAGE(who.body.find("\"127.0.0.1\"") != std::string::npos, who.Describe());
    HttpResponse local = HttpClient(ports[0]).Get("/nacos/v1/cs/configs/listener",
                                                  {{"dataId", "cross"}, {"group", kGroup}, {"leverLocal", "true"}});
    CHECK_MESSAGE(local.body.find("\"127.0.0.1\"") == std::string::npos, local.Describe());
    REQUIRE(Publish(ports[0], "cross", "hello cluster"));
    for (auto& t : polls) t.join();
    for (const HttpResponse& a : answers) {
      CHECK_MESSAGE(a.status == 200, a.Describe());
      CHECK(a.body.find("cross") != std::string::npos);
      CHECK(a.elapsed < 15000ms);
    }
    CHECK(Get(ports[2], "cross").body == "hello cluster");
  }

  SUBCASE("a gRPC publish on node 1 is pushed to a gRPC listener on node 3") {
    std::string error;
    auto listener = NacosGrpcClient::ConnectTo(nodes[2]->grpc_port(), {}, &error);
    REQUIRE_MESSAGE(listener, error);
    auto publisher = NacosGrpcClient::ConnectTo(nodes[0]->grpc_port(), {}, &error);
    REQUIRE_MESSAGE(publisher, error);
    REQUIRE(listener->BatchListen(true, {{"grpc-cross", kGroup, "", ""}}).success());
    REQUIRE(publisher->Publish("grpc-cross", kGroup, "", "pushed across").success());
    CHECK(listener->WaitForNotify("grpc-cross", 10000ms).has_value());
    GrpcReply query = listener->Query("grpc-cross", kGroup, "");
    CHECK(query.body.value("content", std::string()) == "pushed across");
  }

  SUBCASE("kill -9 a node under publish load, lose an etcd member, restart the node") {
    std::vector<int*> order = {&ports[2], &ports[0], &ports[1]};  // listeners start on node 3
    Listener on_killed(order, "hot");
    Listener on_survivor({&ports[1], &ports[0]}, "hot");

    std::mutex acked_mutex;
    std::map<std::string, std::string> acked;  // data id -> acknowledged content
    std::atomic<bool> stop_load = false;
    std::atomic<int> acked_count = 0, failovers = 0;
    std::vector<std::thread> writers;
    for (int t = 0; t < 3; ++t) {
      writers.emplace_back([&, t] {
        size_t node = static_cast<size_t>(t);
        for (int n = 0; !stop_load; ++n) {
          const std::string id = "load-" + std::to_string(t) + "-" + std::to_string(n);
          const std::string content = "content " + std::to_string(n);
          while (!stop_load) {
            if (Publish(*order[node % 3], id, content) && Publish(*order[node % 3], "hot", id)) {
              std::lock_guard lock(acked_mutex);
              acked[id] = content;
              ++acked_count;
              break;
            }
            ++node;  // the client fails over to the next server
            ++failovers;
          }
        }
      });
    }
    REQUIRE(WaitUntil([&] { return acked_count >= 30; }, 30000ms));
    nodes[2]->Kill9();
    const int at_kill = acked_count;
    REQUIRE(WaitUntil([&] { return acked_count >= at_kill + 30; }, 30000ms));
    stop_load = true;
    for (auto& w : writers) w.join();
    CHECK(on_killed.failovers() >= 1);

    // Every acknowledged publish is readable from both survivors.
    for (const auto& [id, content] : acked) {
      for (int survivor : {ports[0], ports[1]}) {
        HttpResponse r = Get(survivor, id);
        REQUIRE_MESSAGE(r.body == content, id, " on ", survivor, ": ", r.Describe());
      }
    }
    // Every listener ends on the final md5.
    const std::string final_md5 = Md5Hex(Get(ports[0], "hot").body);
    CHECK(Md5Hex(Get(ports[1], "hot").body) == final_md5);
    CHECK(WaitUntil([&] { return on_killed.md5() == final_md5 && on_survivor.md5() == final_md5; }, 15000ms));

    // Lose the etcd member every node started on: the service continues.
    etcd.KillMember(0);
    CHECK(WaitUntil([&] { return Publish(ports[0], "after-etcd-loss", "still here"); }, 15000ms));
    CHECK(WaitUntil([&] { return Get(ports[1], "after-etcd-loss").body == "still here"; }, 15000ms));
    CHECK(WaitUntil([&] { return Publish(ports[1], "hot", "final"); }, 15000ms));
    CHECK(WaitUntil([&] { return on_killed.md5() == Md5Hex("final") && on_survivor.md5() == Md5Hex("final"); }, 15000ms));

    // The killed node's lease runs out: the cluster endpoints stop listing it.
    CHECK(WaitUntil([&] {
      HttpResponse r = HttpClient(ports[0]).Get("/nacos/v1/core/cluster/nodes");
      return r.status == 200 && r.body.find(":" + std::to_string(ports[2]) + "\"") == std::string::npos;
    }, 20000ms));

    // Restart the killed node: it has everything, and follows new changes.
    REQUIRE_MESSAGE(nodes[2]->Restart(), nodes[2]->Describe());
    ports[2] = nodes[2]->http_port();
    CHECK(Get(ports[2], "after-etcd-loss").body == "still here");
    CHECK(Get(ports[2], "hot").body == "final");
    for (const auto& [id, content] : acked) REQUIRE(Get(ports[2], id).body == content);
    REQUIRE(Publish(ports[0], "after-restart", "caught up"));
    CHECK(WaitUntil([&] { return Get(ports[2], "after-restart").body == "caught up"; }, 10000ms));
  }
}

}  // namespace lever::testing
