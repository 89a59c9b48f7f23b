#!/usr/bin/env bash
# The JWT key pair of the compose stack (deploy/docker-compose.yml), run in its "jwt-keys" container:
#   jwt-keys.sh generate          on first start: a new RSA key pair, the private key in
#                                 $PRIVATE_DIR (volume jwt-private, only this container mounts it),
#                                 the public key in $PUBLIC_DIR (volume jwt-public, read by the API);
#                                 an existing pair is kept
#   jwt-keys.sh token ARGS...     prints a token signed with that key, for $JWT_ISSUER and
#                                 $JWT_AUDIENCE (ARGS: those of deploy/local/token.sh, e.g.
#                                 --user alice --org acme)
# Needs bash and openssl (the postgres image has both).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
private_dir=${PRIVATE_DIR:-/keys/private}
public_dir=${PUBLIC_DIR:-/keys/public}
token_sh=${TOKEN_SH:-$here/token.sh}
private=$private_dir/jwt-private.pem
public=$public_dir/jwt-public.pem

case ${1:-generate} in
  generate)
    if [[ -s $private && -s $public ]]; then
      echo "jwt-keys: keeping the key pair made on the first start ($public)"
      exit 0
    fi
    umask 077
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$private.new" 2>/dev/null
    openssl pkey -in "$private.new" -pubout -out "$public.new"
    chmod 0644 "$public.new" # the service runs as another user
    mv "$private.new" "$private"
    mv "$public.new" "$public"
    echo "jwt-keys: made a new key pair; mint a token with:"
    echo "  docker compose -f deploy/docker-compose.yml run --rm -T jwt-keys token --user alice --org acme"
    ;;
  token)
    shift
    [[ -s $private ]] || { echo "jwt-keys: no key pair yet: start the stack first" >&2; exit 1; }
    exec bash "$token_sh" --key "$private" --issuer "${JWT_ISSUER:?}" --audience "${JWT_AUDIENCE:?}" "$@"
    ;;
  *)
    echo "usage: jwt-keys.sh generate | token --user NAME --org ORG [...]" >&2
    exit 2
    ;;
esac
