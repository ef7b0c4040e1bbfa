# bash completion for svctl
_svctl() {
	local cur=${COMP_WORDS[COMP_CWORD]} verb="" w
	local verbs="start stop restart reload try-restart status show is-active
		is-failed list-units cat logs kill reset-failed daemon-reload exit"
	for w in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
		case $w in -*) ;; *) verb=$w; break ;; esac
	done
	if [ -z "$verb" ]; then
		COMPREPLY=($(compgen -W "$verbs --json --no-pager --no-block --runtime-dir" -- "$cur"))
		return
	fi
	case $verb in
	list-units|daemon-reload|exit) COMPREPLY=() ;;
	*) COMPREPLY=($(compgen -W "$(svctl list-units 2>/dev/null | awk '$1 ~ /\.(service|target)$/ { print $1 }')" -- "$cur")) ;;
	esac
}
complete -F _svctl svctl
