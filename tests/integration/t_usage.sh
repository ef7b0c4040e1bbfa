# svinit --help and svinit(8) name the same options: every option of the
# usage text is in the man page's SYNOPSIS and OPTIONS, and the reverse
# (--help and --version aside, which the page does not list). Starts
# nothing.
set -u
: "${SVINIT:?}"
here=$(cd "$(dirname "$0")" && pwd)
page=$here/../../man/svinit.8
fail() { echo "FAIL: $*"; exit 1; }

help=$("$SVINIT" --help) || fail "svinit --help exited $?"
from_help=$(echo "$help" | grep -o -- '--[a-z][a-z-]*' | sort -u |
	grep -vx -e --help -e --version)
# ".Fl -units" in the page is the option --units.
opts() { sed -n "/^\.Sh $1\$/,/^\.Sh /p" "$page" | grep -o '^\.[A-Z][a-z].*Fl -[a-z][a-z-]*' |
	grep -o 'Fl -[a-z][a-z-]*' | sed 's/^Fl /-/' | sort -u; }
synopsis=$(opts SYNOPSIS)
options=$(sed -n '/^\.Sh OPTIONS$/,/^\.Sh /p' "$page" | sed -n 's/^\.It Fl \(-[a-z][a-z-]*\).*/-\1/p' | sort -u)
[ -n "$from_help" ] && [ -n "$synopsis" ] && [ -n "$options" ] ||
	fail "no options found: help '$from_help', synopsis '$synopsis', options '$options'"
[ "$from_help" = "$synopsis" ] ||
	fail "--help and SYNOPSIS differ: $(diff <(echo "$from_help") <(echo "$synopsis") | grep '^[<>]' | tr '\n' ' ')"
[ "$from_help" = "$options" ] ||
	fail "--help and OPTIONS differ: $(diff <(echo "$from_help") <(echo "$options") | grep '^[<>]' | tr '\n' ' ')"
echo "ok: svinit --help, SYNOPSIS and OPTIONS of svinit(8) name the same $(echo "$from_help" | wc -l) options"
