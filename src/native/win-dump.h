/* psv-win dump: a memory dump of a live process with MiniDumpWriteDump (win-dump.c). */
#ifndef PSV_WIN_DUMP_H
#define PSV_WIN_DUMP_H

/*
 * `psv-win dump PID FILE [full|mini]`: writes the dump, returns the exit code
 * (0 written; 1 the dump failed; 2 bad usage; 3 no such process; 5 access
 * denied) after one line on stderr saying what failed. FILE is read from the
 * UTF-16 command line, not from `argv`: the ANSI argv loses what the code
 * page cannot spell.
 */
int dump_command(int argc, char **argv);

#endif
