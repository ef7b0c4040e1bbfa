/* export: see export.h. */
#include "export.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "cglimits.h"
#include "deploy.h"
#include "env.h"
#include "health.h"
#include "privs.h"
#include "socket.h"

/* A double-quoted YAML scalar with JSON's escapes. */
static void q(FILE *o, const char *s)
{
	fputc('"', o);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(o, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(o, "\\u%04x", c);
		else
			fputc(c, o);
	}
	fputc('"', o);
}

/* A name Kubernetes takes (DNS-1123 label): the unit's stem before `@`
 * or the suffix, lower case, other characters as `-`. */
static void k8s_name(const char *unit, char *buf, size_t size)
{
	size_t n = strcspn(unit, "@."), k = 0;

	for (size_t i = 0; i < n && k + 1 < size && k < 63; i++) {
		char c = unit[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf[k++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
				   ? c
				   : '-';
	}
	buf[k] = '\0';
}

/* An argument with systemd's ${VAR} and $VAR as Kubernetes' $(VAR). */
static void q_arg(FILE *o, const char *s, bool expand)
{
	char buf[4096];
	size_t k = 0;

	for (const char *p = s; *p && k + 4 < sizeof(buf); p++) {
		size_t n;

		if (expand && p[0] == '$' && p[1] == '{' &&
		    (n = strcspn(p + 2, "}")) && p[2 + n] == '}') {
			if (k + n + 4 >= sizeof(buf))
				break;
			k += (size_t)snprintf(buf + k, sizeof(buf) - k,
					      "$(%.*s)", (int)n, p + 2);
			p += 2 + n;
			continue;
		}
		buf[k++] = *p;
	}
	buf[k] = '\0';
	q(o, buf);
}

/* The key=value lines of a unit's files that the export does not carry,
 * one warning each. Read again as text: the unit model keeps no line
 * for most keys. */
static const char *const mapped[] = {
	"[Unit]Description",	     "[Unit]Documentation",
	"[Service]Type",	     "[Service]ExecStart",
	"[Service]Environment",	     "[Service]EnvironmentFile",
	"[Service]User",	     "[Service]Group",
	"[Service]MemoryMax",	     "[Service]MemoryLow",
	"[Service]CPUQuota",	     "[Service]NoNewPrivileges",
	"[Service]CapabilityBoundingSet", "[Service]Restart",
	"[Service]Sockets",	     "[Health]*",
	"[Deploy]*",		     "[Install]*",
	"[Socket]ListenStream",	     "[Socket]ListenDatagram",
	"[Socket]Service",
};

static bool is_mapped(const char *sect, const char *key)
{
	char both[300];
	size_t sl = strlen(sect);

	snprintf(both, sizeof(both), "%s%s", sect, key);
	for (size_t i = 0; i < sizeof(mapped) / sizeof(*mapped); i++) {
		const char *m = mapped[i];

		if (strcmp(m, both) == 0 ||
		    (strncmp(m, sect, sl) == 0 && strcmp(m + sl, "*") == 0))
			return true;
	}
	return false;
}

static void warn_file(const char *path, const struct unit *u, FILE *warn)
{
	char line[4096], sect[64] = "";
	unsigned n = 0;
	FILE *f = path ? fopen(path, "re") : NULL;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *p = line + strspn(line, " \t"), *eq;

		n++;
		if (*p == '[') {
			snprintf(sect, sizeof(sect), "%.*s",
				 (int)strcspn(p, "\n"), p);
			continue;
		}
		if (*p == '#' || *p == ';' || !(eq = strchr(p, '=')))
			continue;
		while (eq > p && (eq[-1] == ' ' || eq[-1] == '\t'))
			eq--;
		*eq = '\0';
		/* ProtectSystem=strict is a read-only root file system;
		 * the other levels have no equivalent. */
		if (!is_mapped(sect, p) &&
		    !(strcmp(p, "ProtectSystem") == 0 && u->svc.ns &&
		      u->svc.ns->protect_system == NS_PROTECT_SYSTEM_STRICT))
			fprintf(warn,
				"%s:%u: %s= (%s) has no Kubernetes equivalent: "
				"not exported\n",
				path, n, p, u->name);
	}
	fclose(f);
}

static void warn_unmapped(const struct unit *u, FILE *warn)
{
	warn_file(u->path, u, warn);
	for (char **d = u->dropins; d && *d; d++)
		warn_file(*d, u, warn);
}

/* A probe from [Health]: the same check serves readiness (traffic only to
 * a passing pod, as ReadinessFromHealth= gates dependents) and liveness
 * (a restart after failureThreshold failures, as MaxConsecutiveFailures=
 * does). The check's host is the pod itself in Kubernetes: only the port
 * and path carry over. Times round up to whole seconds, the API's unit. */
static void probe(FILE *o, const char *kind, const struct health_conf *h)
{
	const struct sockaddr_in *in4 = (const void *)&h->addr;
	const struct sockaddr_in6 *in6 = (const void *)&h->addr;
	unsigned port = h->addr.ss_family == AF_INET6 ? ntohs(in6->sin6_port)
						      : ntohs(in4->sin_port);

	fprintf(o, "        %s:\n", kind);
	if (h->kind == HEALTH_HTTP) {
		fprintf(o, "          httpGet:\n            path: ");
		q(o, h->path);
		fprintf(o, "\n            port: %u\n", port);
	} else if (h->kind == HEALTH_TCP) {
		fprintf(o, "          tcpSocket:\n            port: %u\n",
			port);
	} else {
		const struct exec_cmd *c = &h->exec.cmds[0];

		fprintf(o, "          exec:\n            command:\n");
		fprintf(o, "            - ");
		q(o, c->path);
		fputc('\n', o);
		for (size_t i = 1; c->argv[i]; i++) {
			fprintf(o, "            - ");
			q(o, c->argv[i]);
			fputc('\n', o);
		}
	}
	fprintf(o,
		"          periodSeconds: %llu\n          timeoutSeconds: %llu\n"
		"          failureThreshold: %u\n"
		"          initialDelaySeconds: %llu\n",
		(unsigned long long)(h->interval + USEC_PER_SEC - 1) /
			USEC_PER_SEC,
		(unsigned long long)(h->timeout + USEC_PER_SEC - 1) /
			USEC_PER_SEC,
		h->max_failures, (unsigned long long)(h->grace / USEC_PER_SEC));
}

/* Limits are hard caps (MemoryMax=, CPUQuota=); requests what the
 * scheduler reserves, for which MemoryLow= (a protected minimum) is the
 * closest. Memory as a byte count: the API takes plain integers. */
static void resources(FILE *o, const struct cg_limits *l)
{
	bool lim = l->set & (1u << CGL_MEMORY_MAX | 1u << CGL_CPU_QUOTA);
	bool req = l->set & (1u << CGL_MEMORY_LOW);

	if (!lim && !req)
		return;
	fprintf(o, "        resources:\n");
	if (lim) {
		fprintf(o, "          limits:\n");
		if ((l->set & 1u << CGL_MEMORY_MAX) &&
		    l->v[CGL_MEMORY_MAX] != CGL_INFINITY)
			fprintf(o, "            memory: \"%llu\"\n",
				(unsigned long long)l->v[CGL_MEMORY_MAX]);
		/* CPUQuota= in µs of CPU per second: 1000 per millicore. */
		if (l->set & 1u << CGL_CPU_QUOTA)
			fprintf(o, "            cpu: \"%llum\"\n",
				(unsigned long long)(l->v[CGL_CPU_QUOTA] /
						     1000));
	}
	if (req)
		fprintf(o, "          requests:\n            memory: \"%llu\"\n",
			(unsigned long long)l->v[CGL_MEMORY_LOW]);
}

/* The sandbox keys that have a field: the user (numeric ids, as resolved
 * on the exporting machine), no_new_privs, a read-only root for
 * ProtectSystem=strict, and the bounding set as drop ALL plus the kept
 * capabilities. Nothing is written for a unit that sets none. */
static void security(FILE *o, const struct unit *u)
{
	const struct privs_conf *p = unit_privs(u);
	const struct unit_creds *c = &u->svc.creds;
	bool strict = u->svc.ns &&
		      u->svc.ns->protect_system == NS_PROTECT_SYSTEM_STRICT;

	if (!c->has_user && !p->no_new_privileges && !strict &&
	    p->bounding == PRIVS_CAPS_ALL)
		return;
	fprintf(o, "        securityContext:\n");
	if (c->has_user)
		fprintf(o, "          runAsUser: %u\n          runAsGroup: %u\n",
			(unsigned)c->uid, (unsigned)c->gid);
	if (p->no_new_privileges)
		fprintf(o, "          allowPrivilegeEscalation: false\n");
	if (strict)
		fprintf(o, "          readOnlyRootFilesystem: true\n");
	if (p->bounding != PRIVS_CAPS_ALL) {
		fprintf(o, "          capabilities:\n            drop:\n"
			   "            - \"ALL\"\n");
		if (p->bounding) {
			fprintf(o, "            add:\n");
			for (unsigned cap = 0; cap < 64; cap++) {
				const char *n = privs_cap_name(cap);

				if (!(p->bounding >> cap & 1) || !n)
					continue;
				fprintf(o, "            - \"");
				/* cap_net_bind_service -> NET_BIND_SERVICE */
				for (n += 4; *n; n++)
					fputc(*n >= 'a' && *n <= 'z'
						      ? *n - 'a' + 'A'
						      : *n,
					      o);
				fprintf(o, "\"\n");
			}
		}
	}
}

/* Environment= then each EnvironmentFile=, read now (a cluster has no
 * access to the file), later assignments winning as at a spawn. A file
 * that cannot be read is a warning: its variables are missing. */
static void environment(FILE *o, const struct unit *u, FILE *warn)
{
	char **env = NULL;
	unsigned bad = 0;

	for (char **e = u->svc.environment; e && *e; e++)
		(void)strv_push_dup(&env, *e);
	for (size_t i = 0; i < u->svc.n_env_files; i++)
		if (env_load(u->svc.env_files[i].path,
			     u->svc.env_files[i].optional, &env, &bad) < 0)
			fprintf(warn, "%s: EnvironmentFile=%s cannot be read: "
				      "its variables are not exported\n",
				u->name, u->svc.env_files[i].path);
	if (!env)
		return;
	fprintf(o, "        env:\n");
	for (char **e = env; *e; e++) {
		size_t n = strcspn(*e, "=");

		fprintf(o, "        - name: \"%.*s\"\n          value: ",
			(int)n, *e);
		q(o, (*e)[n] ? *e + n + 1 : "");
		fputc('\n', o);
	}
	strv_free(env);
}

/* The Service of a socket unit: its inet ports, TCP or UDP. */
static void socket_service(FILE *o, const struct unit *s, const char *app)
{
	char name[64];
	bool any = false;

	k8s_name(s->name, name, sizeof(name));
	for (size_t i = 0; i < s->sock->n_listen; i++) {
		const struct socket_listen *l = &s->sock->listen[i];
		unsigned port;

		if (l->addr.ss_family != AF_INET &&
		    l->addr.ss_family != AF_INET6)
			continue;
		port = l->addr.ss_family == AF_INET6
			       ? ntohs(((const struct sockaddr_in6 *)&l->addr)
					       ->sin6_port)
			       : ntohs(((const struct sockaddr_in *)&l->addr)
					       ->sin_port);
		if (!any)
			fprintf(o,
				"---\napiVersion: v1\nkind: Service\n"
				"metadata:\n  name: \"%s\"\nspec:\n"
				"  selector:\n    app: \"%s\"\n  ports:\n",
				name, app);
		any = true;
		fprintf(o,
			"  - name: \"p%zu\"\n    port: %u\n    targetPort: %u\n"
			"    protocol: %s\n",
			i, port, port,
			l->kind == SOCKET_DATAGRAM ? "UDP" : "TCP");
	}
}

/* One Deployment for u with replicas pods, then a Service for each of
 * its sockets. The labels tie the three together (app: NAME). Only the
 * main command is exported: ExecStartPre= and the other commands have no
 * place in a container and are warned about with the other keys. */
static int deployment(const struct unitset *set, const struct unit *u,
		      unsigned replicas, const char *image, FILE *o,
		      FILE *warn)
{
	const struct exec_cmd *cmd = u->svc.start.n ? &u->svc.start.cmds[0]
						    : NULL;
	const struct deploy_conf *d = u->deploy;
	char name[64];
	unsigned unavail = 0, surge = 1;

	if (!cmd) {
		fprintf(warn, "svinit: --export: %s has no ExecStart=\n",
			u->name);
		return -EINVAL;
	}
	k8s_name(u->name, name, sizeof(name));
	if (d) {
		/* Marathon's rule: never both 0 (a deploy could not move). */
		unsigned keep = (replicas * d->min_healthy + 999) / 1000;

		unavail = replicas - (keep > replicas ? replicas : keep);
		surge = (replicas * d->max_over + 999) / 1000;
		if (!unavail && !surge)
			surge = 1;
	}
	if (u->svc.restart != RESTART_ALWAYS)
		fprintf(warn,
			"%s: Restart=%s: a Deployment always restarts its "
			"containers\n",
			u->name, unit_restart_policy_to_string(u->svc.restart));
	fprintf(o, "---\napiVersion: apps/v1\nkind: Deployment\n");
	fprintf(o, "metadata:\n  name: \"%s\"\n  labels:\n    app: \"%s\"\n",
		name, name);
	fprintf(o, "  annotations:\n    svinit/unit: ");
	q(o, u->template_name ? u->template_name : u->name);
	fprintf(o, "\nspec:\n  replicas: %u\n  selector:\n    matchLabels:\n"
		   "      app: \"%s\"\n",
		replicas, name);
	fprintf(o, "  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n"
		   "      maxUnavailable: %u\n      maxSurge: %u\n",
		unavail, surge);
	fprintf(o, "  template:\n    metadata:\n      labels:\n        app: "
		   "\"%s\"\n    spec:\n      restartPolicy: Always\n"
		   "      containers:\n      - name: \"%s\"\n        image: ",
		name, name);
	q(o, image);
	fprintf(o, "\n        command:\n        - ");
	q(o, cmd->path);
	fputc('\n', o);
	if (cmd->argv[0] && cmd->argv[1]) {
		fprintf(o, "        args:\n");
		for (size_t i = 1; cmd->argv[i]; i++) {
			fprintf(o, "        - ");
			q_arg(o, cmd->argv[i],
			      !(cmd->flags & EXEC_NO_ENV_EXPAND));
			fputc('\n', o);
		}
	}
	environment(o, u, warn);
	resources(o, unit_limits(u));
	if (u->health && u->health->check) {
		probe(o, "readinessProbe", u->health);
		probe(o, "livenessProbe", u->health);
	}
	security(o, u);
	for (char **s = u->svc.sockets; s && *s; s++) {
		const struct unit *su = unitset_get(set, *s);

		if (su && su->sock)
			socket_service(o, su, name);
	}
	return 0;
}

int export_kubernetes(const struct unitset *set, char *const *names,
		      const char *image, FILE *out, FILE *warn)
{
	int r = 0;

	for (size_t i = 0; names[i] && r == 0; i++) {
		const char *n = names[i];
		const struct unit *u = unitset_get(set, n);
		unsigned replicas = 1;
		char first[UNIT_NAME_MAX + 16];

		/* A template: its first instance stands for all of them. */
		if (!u && unit_name_is_template(n)) {
			const char *at = strchr(n, '@');

			snprintf(first, sizeof(first), "%.*s@1%s",
				 (int)(at - n), n, at + 1);
			u = unitset_get(set, first);
			if (!u)
				fprintf(warn,
					"svinit: --export: %s: no instance "
					"(set [Deploy] Instances=)\n",
					n);
		} else if (!u) {
			fprintf(warn, "svinit: --export: %s: no such unit\n",
				n);
		}
		if (!u)
			return -EINVAL;
		if (u->type != UNIT_SERVICE || unit_load_error(u)) {
			fprintf(warn,
				"svinit: --export: %s: %s\n", n,
				unit_load_error(u) ? unit_load_error(u)
						   : "not a service");
			return -EINVAL;
		}
		if (u->deploy && u->template_name)
			replicas = u->deploy->instances;
		if (!image && !(u->deploy && u->deploy->image)) {
			fprintf(warn,
				"svinit: --export: %s: no image: set [Deploy] "
				"Image= or give --image\n",
				n);
			return -EINVAL;
		}
		r = deployment(set, u, replicas,
			       image ? image : u->deploy->image, out, warn);
		warn_unmapped(u, warn);
	}
	return r;
}
