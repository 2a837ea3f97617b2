/*
 * cli_help.h — the help texts of Flink 1.9's command-line client (CliFrontendParser), laid out
 * as commons-cli's HelpFormatter does.
 */
#ifndef REST_CLI_HELP_H
#define REST_CLI_HELP_H

#include <stdbool.h>

/* `flink --help` (action NULL) or `flink <action> -h`: the text the 1.9 client prints, which
 * the caller frees; NULL for an action 1.9 does not have. */
char *cli_help_text(const char *action);

#endif
