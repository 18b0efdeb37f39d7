// The `lever` CLI's commands on top of lever::ConfigClient (docs/cli.md).
#pragma once

#include "cli_args.h"

namespace lever::cli {

// Runs args.positional[0] with its operands and options; prints results to stdout and errors to
// stderr ("lever: <command>: <Code>: <message>"); returns an ExitCode.
int RunCommand(const Args& args);

}  // namespace lever::cli
