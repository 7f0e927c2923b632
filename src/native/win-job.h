/* Each target in its own named Job Object (win-job.c): the job part of psv-win. */
#ifndef PSV_WIN_JOB_H
#define PSV_WIN_JOB_H

#include <stddef.h>

/*
 * Answers one pipe question of the job part ("J ..." or "K ...", see
 * psv-win.c) into `reply` (at most `cap` bytes, no line break).
 */
void job_answer(char *line, char *reply, size_t cap);

#endif
