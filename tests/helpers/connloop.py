#!/usr/bin/env python3
"""connloop HOST PORT SECONDS: connect to HOST:PORT over and over for
SECONDS, one line out and one line back per connection, one at a time.
Prints "ok=N refused=N failed=N" (refused: the connection was refused;
failed: anything else that went wrong: reset, timeout, no answer). For the
socket activation test and benchmark: run it while the server restarts."""
import socket
import sys
import time

host, port, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ok = refused = failed = 0
end = time.monotonic() + secs
while time.monotonic() < end:
    try:
        with socket.create_connection((host, port), timeout=10) as s:
            s.sendall(b"x\n")
            if s.makefile().readline().endswith("x\n"):
                ok += 1
            else:
                failed += 1
    except ConnectionRefusedError:
        refused += 1
        time.sleep(0.001)
    except OSError:
        failed += 1
print(f"ok={ok} refused={refused} failed={failed}")
