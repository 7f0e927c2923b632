#!/usr/bin/env python3
# Runs a command as a child subreaper (PR_SET_CHILD_SUBREAPER) and reaps whatever
# is handed to it, so that the CPU of every process the command starts (Wine
# starts a Windows process through a double fork, which orphans it) ends up in
# this process's cutime/cstime once reaped. bench/wine-native.mjs reads that
# plus the live tree below it. Ends when the command has ended and no child is left.
import ctypes
import os
import sys

PR_SET_CHILD_SUBREAPER = 36
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("subreaper: prctl failed")
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
