#!/usr/bin/env python3
# A psv action (docs/plugins.md) that posts the event as one JSON message to a
# webhook (a chat's incoming webhook, an alerting endpoint):
#   on:
#     RetryOver:
#       - run: [python3, examples/plugins/webhook.py, https://chat.example/hooks/ops]
#         timeout: 10s
# Exit code 0 when the webhook answered 2xx; anything else is PluginFailed.
import json
import sys
import urllib.request

url = sys.argv[1]
context = json.load(sys.stdin)
event = context.get("event") or {}
message = {
    "text": f"[psv] {event.get('name', '?')}: {event.get('message', '')}",
    "target": context.get("target"),
    "pid": context.get("pid"),
    "group": context.get("group"),
    "event": event,
    "incident": context.get("incidentDir"),
}
request = urllib.request.Request(url, data=json.dumps(message).encode(), headers={"Content-Type": "application/json"}, method="POST")
with urllib.request.urlopen(request, timeout=8) as response:
    print(f"webhook answered {response.status}")
