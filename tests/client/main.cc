#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

// The client logs through the "lever.client" logger; registering it first sets its level for the
// whole run (LEVER_CLIENT_LOG_LEVEL, default warn, keeps the output readable).
int main(int argc, char** argv) {
  const char* level = std::getenv("LEVER_CLIENT_LOG_LEVEL");
  spdlog::stderr_color_mt("lever.client")->set_level(spdlog::level::from_str(level ? level : "warn"));
  doctest::Context context(argc, argv);
  return context.run();
}
