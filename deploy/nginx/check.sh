#!/usr/bin/env bash
# `nginx -t` on deploy/nginx/hotline-academy.conf, inside a throwaway prefix: a minimal nginx.conf that includes the
# site, with a self-signed certificate in place of Let's Encrypt's. Used by .ci/run; needs nginx and openssl.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
site="$(cd "$(dirname "$0")" && pwd)/hotline-academy.conf"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/logs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=academy.example.com \
  -keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" 2>/dev/null
sed -e "s#/etc/letsencrypt/live/academy.example.com/#$tmp/#" \
    -e "s#/var/log/nginx/#$tmp/logs/#" "$site" > "$tmp/site.conf"
cat > "$tmp/nginx.conf" <<CONF
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log;
events {}
http {
  access_log $tmp/logs/access.log;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  include /etc/nginx/mime.types;
  include $tmp/site.conf;
}
CONF
nginx -t -q -p "$tmp" -c "$tmp/nginx.conf"
echo "nginx -t: deploy/nginx/hotline-academy.conf is valid"
