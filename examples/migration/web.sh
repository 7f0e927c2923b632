#!/bin/sh
# Stands for the web server of the example; psv starts it and keeps it running.
exec sleep 100000
