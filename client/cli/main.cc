// `lever`: a command-line client for Lever and Nacos 2.x/3.x servers, built on liblever.
// Usage, output formats and exit codes: docs/cli.md.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "cli_args.h"
#include "commands.h"

namespace {

constexpr const char* kUsage = R"(usage: lever [options] <command> [arguments]

commands:
  get <dataId>                       print the content (exactly, no added newline)
  put <dataId> [<file>|-]            publish a file or stdin   [--type T] [--cas MD5]
  rm <dataId>                        delete (succeeds when absent)
  watch <dataId>                     print each new version as a JSON line   [--count N]
  history <dataId>                   list history entries, newest first      [--limit N] [--json]
  rollback <dataId> <nid>            restore the state of history entry <nid>
  ns list                            list namespaces                         [--json]

options (environment variable in brackets):
  --server host:port[,host:port...]  servers, HTTP port [LEVER_SERVER] (default 127.0.0.1:8848)
  --namespace ID                     namespace id, empty = public [LEVER_NAMESPACE]
  --user NAME --password PW          credentials [LEVER_USER, LEVER_PASSWORD]
  --group G                          group (default DEFAULT_GROUP)
  --transport grpc|http              how to talk to the server (default grpc)
  --grpc-port-offset N               gRPC port = HTTP port + N [LEVER_GRPC_PORT_OFFSET] (default 1000)
  --timeout MS                       request timeout in milliseconds (default 3000)
  --verbose                          log connections and versions to stderr

exit codes: 0 ok, 1 not found or other error, 2 usage, 3 conflict, 4 auth, 5 unavailable
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace lever::cli;
  std::signal(SIGPIPE, SIG_IGN);
  Args args;
  std::string error;
  if (!ParseArgs(argc, argv, args, error)) {
    std::cerr << "lever: " << error << "\n" << kUsage;
    return kExitUsage;
  }
  if (args.Flag("help") || args.positional.empty()) {
    (args.Flag("help") ? std::cout : std::cerr) << kUsage;
    return args.Flag("help") ? kExitOk : kExitUsage;
  }
  // liblever logs to the spdlog logger "lever.client" (watched.h): keep stderr for warnings and
  // errors unless --verbose.
  spdlog::stderr_color_mt("lever.client")
      ->set_level(args.Flag("verbose") ? spdlog::level::info : spdlog::level::warn);
  return RunCommand(args);
}
