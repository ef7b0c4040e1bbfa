# ProtectSystem=strict, ReadWritePaths=, ReadOnlyPaths=, InaccessiblePaths=,
# BindPaths=, BindReadOnlyPaths=, TemporaryFileSystem=, ProtectHome=: a
# service tries to read and write what each key covers and records what
# happened into a file that svinit opened for it. Every check fails if its
# key were ignored (the write would succeed, the file would be readable,
# the bind would be missing); a last check shows that none of the
# service's mounts is visible to svinit.
. "$TESTLIB"
chmod 755 "$T"
mkdir -p "$T/rw/sub" "$T/bsrc" "$T/tfs" "$T/secretdir"
echo s3cret >"$T/secret.txt"
echo s3cret >"$T/secretdir/f"
echo bound >"$T/bsrc/file"
touch "$T/tfs/old"
chmod 644 "$T/secret.txt"
# $$ is a `$` for the shell: svinit expands $VAR in Exec lines.
try='t() { if "$$@" 2>/dev/null; then echo "yes $$*"; else echo "no $$*"; fi; }'
unit box.service <<EOF2
[Service]
Type=oneshot
ProtectSystem=strict
ProtectHome=yes
ReadWritePaths=$T/rw
ReadOnlyPaths=$T/rw/sub -$T/nonexistent
InaccessiblePaths=$T/secret.txt $T/secretdir
BindPaths=$T/bsrc:$T/bdst
BindReadOnlyPaths=$T/bsrc:$T/bro
TemporaryFileSystem=$T/tfs:ro
StandardOutput=file:$T/box.out
ExecStart=/bin/sh -c '$try; \
  t test -w /etc; t test -w /usr; t touch $T/top; t touch $T/rw/f; t touch $T/rw/sub/f; \
  t grep -q s3cret $T/secret.txt; t ls $T/secretdir/f; \
  t grep -q bound $T/bdst/file; t touch $T/bdst/new; t grep -q bound $T/bro/file; t touch $T/bro/new; \
  t ls $T/tfs/old; t touch $T/tfs/new; echo "root \$\$(stat -c %%a /root)"'
EOF2
unit nobody.service <<EOF2
[Service]
Type=oneshot
User=nobody
InaccessiblePaths=$T/secret.txt
StandardOutput=file:$T/nobody.out
ExecStart=/bin/sh -c '$try; t cat $T/secret.txt; t ls $T/rw'
EOF2
unit missing.service <<EOF2
[Service]
Type=oneshot
ReadOnlyPaths=$T/nonexistent
ExecStart=/bin/true
EOF2
# A file hidden after PrivateTmp= has covered /tmp, where this test's
# runtime directory (and svinit's empty file for hiding files) lives.
unit tmphide.service <<EOF2
[Service]
Type=oneshot
PrivateTmp=yes
InaccessiblePaths=/usr/lib/os-release
StandardOutput=file:$T/tmphide.out
ExecStart=/bin/sh -c '$try; t grep -q ID /usr/lib/os-release'
EOF2
# Under strict, the private /tmp and /var/tmp are made after / went
# read-only, so they are writable.
unit stricttmp.service <<EOF2
[Service]
Type=oneshot
ProtectSystem=strict
PrivateTmp=yes
StandardOutput=file:$T/stricttmp.out
ExecStart=/bin/sh -c '$try; t touch /tmp/f; t touch /var/tmp/f; t test -w /var'
EOF2
start_svinit
sv start box.service || fail "box.service did not start: $(tail -3 "$T/svinit.err")"
cat "$T/box.out" | sed 's/^/    /'
want() { grep -qxF "$1" "$T/$2.out" || fail "$3 (expected \"$1\" in $2.out)"; }
want "no test -w /etc" box "ProtectSystem=strict left /etc writable"
want "no test -w /usr" box "ProtectSystem=strict left /usr writable"
want "no touch $T/top" box "ProtectSystem=strict left $T writable"
ok "ProtectSystem=strict: /etc, /usr and the test's directory are read-only"
want "yes touch $T/rw/f" box "ReadWritePaths= is not writable under strict"
want "no touch $T/rw/sub/f" box "ReadOnlyPaths= under a ReadWritePaths= is writable"
[ -e "$T/rw/f" ] || fail "the write to ReadWritePaths= did not reach the real directory"
ok "ReadWritePaths= is writable under strict, a ReadOnlyPaths= below it is not"
want "no grep -q s3cret $T/secret.txt" box "an InaccessiblePaths= file is readable"
want "no ls $T/secretdir/f" box "an InaccessiblePaths= directory shows its files"
ok "InaccessiblePaths=: a file's content and a directory's entries are hidden"
want "yes grep -q bound $T/bdst/file" box "BindPaths= did not bind"
want "yes touch $T/bdst/new" box "BindPaths= is not writable"
[ -e "$T/bsrc/new" ] || fail "a write through BindPaths= did not reach the source"
want "yes grep -q bound $T/bro/file" box "BindReadOnlyPaths= did not bind"
want "no touch $T/bro/new" box "BindReadOnlyPaths= is writable"
ok "BindPaths= binds writable, BindReadOnlyPaths= read-only"
want "no ls $T/tfs/old" box "TemporaryFileSystem= shows what was there"
want "no touch $T/tfs/new" box "TemporaryFileSystem=:ro is writable"
ok "TemporaryFileSystem=PATH:ro: empty and read-only"
want "root 0" box "ProtectHome=yes left /root accessible"
ok "ProtectHome=yes: /root is an inaccessible (mode 0000) directory"
sv start nobody.service || fail "nobody.service did not start: $(tail -3 "$T/svinit.err")"
want "no cat $T/secret.txt" nobody "a user can read an InaccessiblePaths= file"
want "yes ls $T/rw" nobody "the control: the user cannot even list $T/rw"
ok "InaccessiblePaths=: a file is unreadable by an unprivileged service"
[ -r /usr/lib/os-release ] || fail "the control: /usr/lib/os-release is not readable here"
sv start tmphide.service || fail "tmphide.service did not start: $(tail -3 "$T/svinit.err")"
want "no grep -q ID /usr/lib/os-release" tmphide "a file hidden under PrivateTmp= is readable"
ok "a file is hidden even when the plan hides svinit's runtime directory first"
sv start stricttmp.service || fail "stricttmp.service did not start: $(tail -3 "$T/svinit.err")"
want "yes touch /tmp/f" stricttmp "the private /tmp is read-only under strict"
want "yes touch /var/tmp/f" stricttmp "the private /var/tmp is read-only under strict"
want "no test -w /var" stricttmp "strict left /var writable"
ok "ProtectSystem=strict with PrivateTmp=: /tmp and /var/tmp writable, /var not"
svpid=$(cat "/proc/$(ns_init)/task/$(ns_init)/children" | tr -d ' ')
if grep -F "$T" "/proc/$svpid/mountinfo"; then
	fail "the service's mounts are visible to svinit"
fi
[ ! -e "$T/bdst/file" ] || fail "the bind is visible outside the service"
ok "none of the service's mounts is visible to svinit"
sv start missing.service && fail "a unit with a missing ReadOnlyPaths= started"
grep -q "missing.service: failed at step NAMESPACE: No such file or directory" "$T/svinit.err" ||
	fail "no NAMESPACE failure logged: $(grep missing "$T/svinit.err" | tail -3)"
ok "a missing path without - fails the start at step NAMESPACE"
stop_svinit
expect_eq "$SV_STATUS" 0 "svinit exit status"
