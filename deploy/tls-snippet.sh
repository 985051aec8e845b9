#!/bin/sh
# Write the nginx lines for HTTPS into the file $1, from
#   SHIPSHAPE_TLS_CERT  the certificate chain (PEM), e.g. /certs/fullchain.pem
#   SHIPSHAPE_TLS_KEY   its private key (PEM), e.g. /certs/privkey.pem
# Without SHIPSHAPE_TLS_CERT the file is empty (plain HTTP). With it, set
# SHIPSHAPE_LISTEN="443 ssl" too. Browsers are told to use HTTPS only from
# then on (HSTS, one year). Used by docker-entrypoint.sh; the tests run it.
set -eu
out=${1:?usage: tls-snippet.sh OUT}
if [ -z "${SHIPSHAPE_TLS_CERT-}" ]; then
    : >"$out"
    exit 0
fi
if [ -z "${SHIPSHAPE_TLS_KEY-}" ]; then
    echo "shipshape: SHIPSHAPE_TLS_CERT is set, so SHIPSHAPE_TLS_KEY (its private key) is needed too" >&2
    exit 1
fi
for f in "$SHIPSHAPE_TLS_CERT" "$SHIPSHAPE_TLS_KEY"; do
    case $f in
    *[[:space:]\;\'\"]*) echo "shipshape: TLS file name \"$f\": no spaces, quotes or semicolons" >&2; exit 1 ;;
    esac
    [ -r "$f" ] || { echo "shipshape: cannot read $f (mount the certificates)" >&2; exit 1; }
done
cat >"$out" <<CONF
ssl_certificate $SHIPSHAPE_TLS_CERT;
ssl_certificate_key $SHIPSHAPE_TLS_KEY;
ssl_protocols TLSv1.2 TLSv1.3;
ssl_session_cache shared:shipshape_tls:10m;
add_header Strict-Transport-Security "max-age=31536000" always;
CONF
