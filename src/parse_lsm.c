/*
 * parse_lsm: AppArmorProfile=, SELinuxContext=, SmackProcessLabel= of
 * [Service] (lsm.h): a label, specifiers expanded, with an optional
 * leading `-` (the module may be missing, or refuse the label, and the
 * service runs anyway, as in systemd). Empty resets it.
 */
#include "parse.h"
#include "parse_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int k_label(struct parse_ctx *c, const struct parse_key *k,
		   const char *v)
{
	struct privs_conf *p = parse_privs_of(c);
	struct lsm_label *l;
	bool optional = v[0] == '-';
	char *s = NULL;
	int r;

	if (!p)
		return -ENOMEM;
	l = &p->lsm[k->arg];
	if (optional)
		v++;
	r = *v ? parse_expand_word(c, k, v, v, &s) : 0;
	if (r)
		return r;
	if (s && strpbrk(s, " \t\n")) {
		free(s);
		return parse_bad(c, k, v, "a label has no white space");
	}
	free(l->label);
	l->label = s;
	l->optional = optional;
	return 0;
}

static const struct parse_key keys[] = {
	{PARSE_SECT_SERVICE, "AppArmorProfile", k_label, 0, LSM_APPARMOR},
	{PARSE_SECT_SERVICE, "SELinuxContext", k_label, 0, LSM_SELINUX},
	{PARSE_SECT_SERVICE, "SmackProcessLabel", k_label, 0, LSM_SMACK},
};

const struct parse_key_table parse_lsm_keys = PARSE_KEY_TABLE(keys);
