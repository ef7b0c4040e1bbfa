# bash completion for svctl: every verb, option and unit name.
# Installed by `make install` as
# $(PREFIX)/share/bash-completion/completions/svctl; or source it from
# ~/.bashrc. Unit names come from the running svinit (the one
# --runtime-dir or SVINIT_RUNTIME_DIR on the line names), so a completion
# never offers a unit that svinit does not have.

# The verbs, as `svctl --help` and svctl(1) list them.
_svctl_verbs="start stop restart reload try-restart status show is-active
	is-failed list-units list-dependencies list-unit-files enable disable
	is-enabled mask unmask cat logs kill reset-failed set-property scale security
	graph analyze daemon-reload exit poweroff reboot halt"

# _svctl_query ARGS...: svctl with the --runtime-dir of the command line.
_svctl_query() {
	local i
	local -a opt=()
	for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
		case ${COMP_WORDS[i]} in
		--runtime-dir) opt=(--runtime-dir "${COMP_WORDS[i + 1]}") ;;
		--runtime-dir=*) opt=("${COMP_WORDS[i]}") ;;
		esac
	done
	svctl "${opt[@]}" "$@" 2>/dev/null
}

# The loaded units (first column of list-units) or the unit files.
_svctl_units() {
	_svctl_query list-units "$@" | awk 'NR > 1 && NF && $1 ~ /\./ { print $1 }'
}
_svctl_unit_files() {
	_svctl_query list-unit-files | awk 'NR > 1 && NF && $1 ~ /\./ { print $1 }'
}

_svctl() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local verb="" sub="" w i
	COMPREPLY=()
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--runtime-dir) ((i++)) ;;
		-*) ;;
		*) if [ -z "$verb" ]; then verb=$w; elif [ -z "$sub" ]; then sub=$w; fi ;;
		esac
	done
	case $prev in
	--runtime-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-s)
		[ "$verb" = kill ] && COMPREPLY=($(compgen -W "HUP INT QUIT KILL USR1 USR2 TERM CONT STOP
			SIGHUP SIGINT SIGQUIT SIGKILL SIGUSR1 SIGUSR2 SIGTERM SIGCONT SIGSTOP" -- "$cur"))
		return ;;
	-n)
		[ "$verb" = logs ] && return ;;
	-t | --type)
		COMPREPLY=($(compgen -W "service socket target" -- "$cur"))
		return ;;
	esac
	if [ -z "$verb" ]; then
		COMPREPLY=($(compgen -W "$_svctl_verbs --runtime-dir --json
			--no-pager --no-block --help --version" -- "$cur"))
		return
	fi
	case $cur in
	--state=*)
		COMPREPLY=($(compgen -P --state= -W "loaded error active inactive
			failed activating deactivating reloading running exited
			dead listening auto-restart" -- "${cur#--state=}"))
		return ;;
	--type=*)
		COMPREPLY=($(compgen -P --type= -W "service socket target" -- "${cur#--type=}"))
		return ;;
	esac
	case $verb in
	start | restart | reload | try-restart | show | status | is-active | is-failed | \
		cat | reset-failed | list-dependencies | graph)
		local opts="--no-block"
		[ "$verb" = list-dependencies ] && opts="--reverse --all"
		[ "$verb" = graph ] || [ "$verb" = status ] && opts=""
		case $cur in
		-*) COMPREPLY=($(compgen -W "$opts" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$(_svctl_units)" -- "$cur")) ;;
		esac ;;
	stop)
		COMPREPLY=($(compgen -W "--no-block $(_svctl_units --state=active,activating,reloading,failed)" -- "$cur")) ;;
	enable | disable | is-enabled | mask | unmask)
		COMPREPLY=($(compgen -W "$(_svctl_unit_files)" -- "$cur")) ;;
	list-units)
		COMPREPLY=($(compgen -W "--failed --state= --type= --all" -- "$cur"))
		[ "${COMPREPLY[0]}" = --state= ] || [ "${COMPREPLY[0]}" = --type= ] && compopt -o nospace 2>/dev/null ;;
	list-unit-files | daemon-reload | exit | poweroff | reboot | halt) ;;
	logs)
		case $cur in
		-*) COMPREPLY=($(compgen -W "-n -f" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$(_svctl_units)" -- "$cur")) ;;
		esac ;;
	kill)
		case $cur in
		-*) COMPREPLY=($(compgen -W "-s" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$(_svctl_units)" -- "$cur")) ;;
		esac ;;
	set-property)
		if [ -z "$sub" ]; then
			COMPREPLY=($(compgen -W "$(_svctl_units --type=service)" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "--persist MemoryMax= MemoryHigh= MemoryLow=
				MemorySwapMax= CPUQuota= CPUWeight= CPUShares= TasksMax=
				IOWeight= AllowedCPUs=" -- "$cur"))
			compopt -o nospace 2>/dev/null
		fi ;;
	scale)
		# The templates, as NAME@; then a count, or --persist.
		if [ -z "$sub" ]; then
			COMPREPLY=($(compgen -W "$(_svctl_query list-unit-files '*@.service' |
				awk 'NR > 1 && $1 ~ /@\.service$/ { sub(/\.service$/, "", $1); print $1 }')" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "--persist" -- "$cur"))
		fi ;;
	security)
		COMPREPLY=($(compgen -W "$(_svctl_units --type=service)" -- "$cur")) ;;
	analyze)
		case $sub in
		"") COMPREPLY=($(compgen -W "blame critical-chain plot verify" -- "$cur")) ;;
		critical-chain) COMPREPLY=($(compgen -W "$(_svctl_units)" -- "$cur")) ;;
		verify)
			local f
			for f in $(compgen -f -- "$cur"); do
				case $f in
				*.service | *.socket | *.target) COMPREPLY+=("$f") ;;
				*) [ -d "$f" ] && COMPREPLY+=("$f/") ;;
				esac
			done ;;
		esac ;;
	esac
}
complete -F _svctl svctl
