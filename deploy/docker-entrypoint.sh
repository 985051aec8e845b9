#!/bin/sh
# The container's start (deploy/Dockerfile): config.json and the page's
# policy from the SHIPSHAPE_* variables (configure.sh), the nginx recipe
# with its placeholders filled from the environment, then nginx.
set -eu
sh /usr/local/share/shipshape/configure.sh
sh /usr/local/share/shipshape/tls-snippet.sh "$SHIPSHAPE_TLS_CONF"
envsubst '${SHIPSHAPE_LISTEN} ${SHIPSHAPE_TLS_CONF} ${SHIPSHAPE_ROOT} ${SHIPSHAPE_SUBPATH_ROOT} ${REGISTRY_UPSTREAM}' \
    </usr/local/share/shipshape/nginx.conf.template >/etc/nginx/conf.d/shipshape.conf
exec nginx -g 'daemon off;'
