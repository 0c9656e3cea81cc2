// The `ferry` command. Everything happens in ferry::cli::run.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return ferry::cli::run(argc, argv); }
