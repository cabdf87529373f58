// `parley`: the command-line client. Subcommands are in *_command.cc.
#include "CLI/CLI.hpp"
#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"parley: extract and query diplomatic events in news text"};
  app.require_subcommand(1);
  parley::cli::AddExtractCommand(app);
  parley::cli::AddServiceCommands(app);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
