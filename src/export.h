/*
 * export: unit files as the objects of a cluster engine, for
 * `svinit --export` (offline, from the loaded unit set, like --verify).
 *
 * Owns: the mapping of a service (or a template with [Deploy]
 * Instances=) and its sockets to Kubernetes objects: a Deployment per
 * service, with its command and args, environment, resources, probes from
 * [Health], rolling-update strategy from [Deploy], security context and
 * restart policy; a Service per socket unit with the ports it listens on.
 * The output is YAML documents whose strings are all double-quoted, with
 * JSON's escapes (valid YAML), so that no value can be read as another
 * type or break the structure.
 *
 * Nothing is dropped silently: every key of a unit's files (main file and
 * drop-ins, read again as text for their line numbers) that has no
 * equivalent, or whose value cannot be expressed, is a warning on warn,
 * `FILE:LINE: Key= ...`.
 */
#ifndef SVINIT_EXPORT_H
#define SVINIT_EXPORT_H

#include <stdio.h>

#include "unit.h"

/* Kubernetes objects for names (services "web.service", or templates
 * "web@.service" with Instances=) of set to out. image: --image, or NULL
 * for each unit's [Deploy] Image=. 0, or -EINVAL after a message on
 * warn (an unknown unit, no image, a unit that did not load), -ENOMEM. */
int export_kubernetes(const struct unitset *set, char *const *names,
		      const char *image, FILE *out, FILE *warn);

#endif
