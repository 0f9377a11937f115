"""A real Python app using Debian's python3-sentry-sdk, driven by the end-to-end tests.

usage: DSN=... /usr/bin/python3 python_app.py <action>[,<action>...]; prints the event ids as JSON.
"""
import json
import os
import sys

import sentry_sdk

sentry_sdk.init(dsn=os.environ["DSN"], release="e2e-python@2.0.0", environment="e2e", traces_sample_rate=1.0)
sentry_sdk.set_user({"id": "py-user", "email": "py@example.com"})


def lookup(order_id):
    items = [1, 2, 3]
    return items[order_id]


def divide(a, b):
    return a / b


ids = []
for action in (sys.argv[1] if len(sys.argv) > 1 else "index").split(","):
    if action == "index":
        try:
            lookup(1001)
        except Exception as e:  # noqa: BLE001
            ids.append(sentry_sdk.capture_exception(e))
    elif action == "divide":
        try:
            divide(1, 0)
        except Exception as e:  # noqa: BLE001
            ids.append(sentry_sdk.capture_exception(e))
    elif action == "message":
        ids.append(sentry_sdk.capture_message("cache miss for key 42", "info"))
    elif action == "transaction":
        with sentry_sdk.start_transaction(name="py-nightly-report", op="task") as txn:
            with txn.start_child(op="db.query", description="SELECT 1"):
                pass
            ids.append(txn.trace_id)
    elif action == "attachment":
        with sentry_sdk.push_scope() as scope:
            scope.add_attachment(bytes=b"hello attachment\n", filename="note.txt")
            try:
                divide(2, 0)
            except Exception as e:  # noqa: BLE001
                ids.append(sentry_sdk.capture_exception(e))
    else:
        raise SystemExit("unknown action " + action)

sentry_sdk.flush(10)
print(json.dumps({"ids": ids}))
