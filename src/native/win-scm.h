#ifndef PSV_WIN_SCM_H
#define PSV_WIN_SCM_H

/* `psv-win svc ...` (win-scm.c): reads its arguments from the UTF-16 command line; returns the exit code. */
int svc_main(void);

#endif
