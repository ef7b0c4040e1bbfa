/*
 * version: the one version string of svinit and svctl, which are built
 * and shipped together (`svinit --version`, `svctl --version`).
 */
#ifndef SVINIT_VERSION_H
#define SVINIT_VERSION_H

#define SVINIT_VERSION "0.1"

#endif
