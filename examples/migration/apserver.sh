#!/bin/sh
# Stands for the AP server of the example: a process that runs until it is killed.
while :; do sleep 1; done
