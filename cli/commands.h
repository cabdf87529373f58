// Subcommands of the `parley` CLI. Each Add*Command() registers one
// subcommand (its flags and its callback) on the app; main.cc wires them.
// One file per subcommand: extract_command.cc, ingest_command.cc, ...
#ifndef PARLEY_CLI_COMMANDS_H_
#define PARLEY_CLI_COMMANDS_H_

#include "CLI/CLI.hpp"

namespace parley::cli {

// `parley extract FILE` and `parley extract --eval-dir DIR --out DIR`:
// runs the engine locally, no server needed.
void AddExtractCommand(CLI::App& app);

// Commands against the services (gRPC clients), registered by the service
// commands' owner: ingest, calls, quotes, sanctions, actors, articles, eval.
void AddServiceCommands(CLI::App& app);

}  // namespace parley::cli

#endif  // PARLEY_CLI_COMMANDS_H_
