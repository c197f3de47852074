/** The {@code mainstay} command line: one class per subcommand, all talking to the runtime's HTTP API. */
package dev.mainstay.cli;
