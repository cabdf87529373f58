// Temporary: the service commands' owner replaces this with
// service_commands.cc (cli/CMakeLists.txt picks whichever exists).
#include "cli/commands.h"

namespace parley::cli {

void AddServiceCommands(CLI::App&) {}

}  // namespace parley::cli
