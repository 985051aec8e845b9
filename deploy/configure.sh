#!/bin/sh
# Shipshape's run-time configuration, with nothing but sh and sed (no Rust,
# no jq): writes config.json from environment variables, or puts the one
# you give in place, and re-stamps the connect-src of the
# Content-Security-Policy in index.html so the page may call the
# registries it names. Run it on every folder the app is served from:
#
#   sh deploy/configure.sh /usr/share/shipshape [/usr/share/shipshape-ui …]
#
# Without folders it takes $SHIPSHAPE_ROOT and $SHIPSHAPE_SUBPATH_ROOT (the
# nginx template's variables): the container image (deploy/Dockerfile)
# runs it so at every start (deploy/docker-entrypoint.sh), before nginx.
# Variables, all optional:
#
#   SHIPSHAPE_REGISTRY_URL   the registry (https://registry.example.com); unset:
#                            the page's own origin (a proxy sends /v2/ there)
#   SHIPSHAPE_REGISTRY_NAME  its name in the UI (default: its host)
#   SHIPSHAPE_PULL_HOST      the host in `docker pull` commands
#   SHIPSHAPE_READ_ONLY      true: no delete action anywhere
#   SHIPSHAPE_TITLE          the name in the top bar and the tab
#   SHIPSHAPE_LANGUAGE       en or zh-CN, for users who have not chosen
#   SHIPSHAPE_THEME          system, light or dark, likewise
#   SHIPSHAPE_CONFIG         a config.json (README, "Deploying") to use as it is,
#                            for several registries or per-registry settings;
#                            then the variables above must be unset
#   SHIPSHAPE_CONNECT_SRC    more origins the page may connect to, space-
#                            separated (a token server on another origin)
#
# With none of the first eight set, a config.json already in the folder is
# kept (one this script wrote earlier is removed) and its registries are
# stamped. Any value it cannot use stops it with a message and changes
# nothing; the page also explains a config.json it cannot read.

set -euf # no pathname expansion: values are split on spaces, never globbed

fail() {
    echo "shipshape configure: $*" >&2
    exit 1
}

if [ "$#" -eq 0 ]; then
    set -- ${SHIPSHAPE_ROOT-} ${SHIPSHAPE_SUBPATH_ROOT-}
fi
[ "$#" -gt 0 ] || fail "usage: configure.sh DIR [DIR…] (the folders holding index.html), or set SHIPSHAPE_ROOT"

# A JSON string's content: one line of text, backslashes and quotes escaped.
json_text() {
    case $2 in
    *[[:cntrl:]]*) fail "$1 must be one line of text without control characters" ;;
    esac
    printf '%s' "$2" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# scheme://host[:port] of an http(s) URL, lower-cased, without user-info;
# nothing for a URL on the page's own origin ("", "/…").
origin_of() {
    case $1 in
    '' | /*) return 0 ;;
    [Hh][Tt][Tt][Pp]://* | [Hh][Tt][Tt][Pp][Ss]://*) ;;
    *) fail "registry address $1 is not an http:// or https:// URL (nor a path on this origin)" ;;
    esac
    scheme=$(printf '%s' "${1%%://*}" | tr 'A-Z' 'a-z')
    rest=${1#*://}
    authority=${rest%%[/?#]*}
    host=$(printf '%s' "${authority##*@}" | tr 'A-Z' 'a-z')
    printf '%s' "$host" | grep -Eq '^[][a-z0-9.:-]+$' ||
        fail "registry address $1 has no usable host"
    printf '%s://%s' "$scheme" "$host"
}

is_true() {
    case $2 in
    true | 1 | yes) return 0 ;;
    false | 0 | no | '') return 1 ;;
    *) fail "$1 must be true or false, not \"$2\"" ;;
    esac
}

generated_marker=".config.json.from-environment"

# 1. The config.json to use: from the variables, from SHIPSHAPE_CONFIG, or
#    none (keep what is there).
vars=""
for v in SHIPSHAPE_REGISTRY_URL SHIPSHAPE_REGISTRY_NAME SHIPSHAPE_PULL_HOST \
    SHIPSHAPE_READ_ONLY SHIPSHAPE_TITLE SHIPSHAPE_LANGUAGE SHIPSHAPE_THEME; do
    eval "value=\${$v-}"
    [ -n "$value" ] && vars="$vars $v"
done

config=""
if [ -n "${SHIPSHAPE_CONFIG-}" ]; then
    [ -z "$vars" ] || fail "SHIPSHAPE_CONFIG is set, so$vars would be ignored: put them into that file instead"
    [ -r "$SHIPSHAPE_CONFIG" ] || fail "SHIPSHAPE_CONFIG=$SHIPSHAPE_CONFIG: no such readable file"
    config=$(cat "$SHIPSHAPE_CONFIG")
elif [ -n "$vars" ]; then
    url=${SHIPSHAPE_REGISTRY_URL-}
    url=${url%/}
    origin_of "$url" >/dev/null
    ui=""
    if [ -n "${SHIPSHAPE_TITLE-}" ]; then
        ui="$ui\"title\": \"$(json_text SHIPSHAPE_TITLE "$SHIPSHAPE_TITLE")\", "
    fi
    if [ -n "${SHIPSHAPE_LANGUAGE-}" ]; then
        case $SHIPSHAPE_LANGUAGE in
        en | zh-CN) ui="$ui\"language\": \"$SHIPSHAPE_LANGUAGE\", " ;;
        *) fail "SHIPSHAPE_LANGUAGE must be en or zh-CN, not \"$SHIPSHAPE_LANGUAGE\"" ;;
        esac
    fi
    if [ -n "${SHIPSHAPE_THEME-}" ]; then
        case $SHIPSHAPE_THEME in
        system | light | dark) ui="$ui\"theme\": \"$SHIPSHAPE_THEME\", " ;;
        *) fail "SHIPSHAPE_THEME must be system, light or dark, not \"$SHIPSHAPE_THEME\"" ;;
        esac
    fi
    if is_true SHIPSHAPE_READ_ONLY "${SHIPSHAPE_READ_ONLY-}"; then
        ui="$ui\"delete\": false, "
    fi
    registries=""
    if [ -n "$url" ] || [ -n "${SHIPSHAPE_PULL_HOST-}" ] || [ -n "${SHIPSHAPE_REGISTRY_NAME-}" ]; then
        name=${SHIPSHAPE_REGISTRY_NAME-}
        if [ -z "$name" ]; then
            name=$(origin_of "$url")
            name=${name#*://}
        fi
        [ -n "$name" ] || name="registry"
        # One substitution per assignment: `set -e` sees each one fail
        # (an assignment's status is its last substitution's).
        name_json=$(json_text SHIPSHAPE_REGISTRY_NAME "$name")
        url_json=$(json_text SHIPSHAPE_REGISTRY_URL "$url")
        entry="\"name\": \"$name_json\", \"url\": \"$url_json\""
        if [ -n "${SHIPSHAPE_PULL_HOST-}" ]; then
            entry="$entry, \"pull_host\": \"$(json_text SHIPSHAPE_PULL_HOST "$SHIPSHAPE_PULL_HOST")\""
        fi
        registries="{$entry}"
    fi
    config="{\"registries\": [$registries], \"ui\": {${ui%, }}}"
fi

# 2. Every origin config.json names, then SHIPSHAPE_CONNECT_SRC's.
connect_of() {
    origins=""
    if [ -f "$1" ]; then
        urls=$(tr -d '\n\r' <"$1" | grep -o '"url"[[:space:]]*:[[:space:]]*"[^"]*"' |
            sed -e 's/^"url"[[:space:]]*:[[:space:]]*"//' -e 's/"$//' -e 's#\\/#/#g') || true
        for u in $urls; do
            o=$(origin_of "$u")
            [ -n "$o" ] && origins="$origins $o"
        done
    fi
    for s in ${SHIPSHAPE_CONNECT_SRC-}; do
        printf '%s' "$s" | grep -Eq '^[][A-Za-z0-9.:/*-]+$' ||
            fail "SHIPSHAPE_CONNECT_SRC: \"$s\" is not a connect-src source (an origin such as https://auth.example.com)"
        case $s in
        '*' | http: | https: | 'http://*' | 'https://*')
            echo "shipshape configure: WARNING: SHIPSHAPE_CONNECT_SRC=\"$s\" lets the page connect to any host, so ?registry= reaches any registry (a link can point it at someone else's, and credentials typed there go with it). Name the origins instead." >&2
            ;;
        esac
        origins="$origins $s"
    done
    out="'self'"
    for o in $origins; do
        case " $out " in
        *" $o "*) ;;
        *) out="$out $o" ;;
        esac
    done
    printf '%s' "$out"
}

for dir in "$@"; do
    index="$dir/index.html"
    [ -f "$index" ] || fail "$index: no such file"
    grep -q 'data-shipshape-csp' "$index" ||
        fail "$index has no Content-Security-Policy to re-stamp (not built by this project's Trunk.toml?)"
    if [ -n "$config" ]; then
        printf '%s\n' "$config" >"$dir/config.json.tmp"
        mv "$dir/config.json.tmp" "$dir/config.json"
        if [ -n "$vars" ]; then
            : >"$dir/$generated_marker"
        else
            rm -f "$dir/$generated_marker"
        fi
    elif [ -f "$dir/$generated_marker" ]; then
        rm -f "$dir/config.json" "$dir/$generated_marker"
    fi
    connect=$(connect_of "$dir/config.json")
    sed -e "/data-shipshape-csp/s#connect-src [^;]*;#connect-src $connect;#" "$index" >"$index.tmp"
    mv "$index.tmp" "$index"
    echo "shipshape configure: $dir: connect-src $connect"
done
