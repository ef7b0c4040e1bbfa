#!/bin/sh
# Lint the man pages with mandoc; any warning fails.
set -u
[ $# -gt 0 ] || { echo "man-lint: no man pages"; exit 1; }
rc=0
for m in "$@"; do
	out=$(mandoc -T lint -W warning "$m" 2>&1) || rc=1
	[ -n "$out" ] && { echo "$out"; rc=1; }
done
[ $rc = 0 ] && echo "man-lint: $# pages, 0 warnings"
exit $rc
