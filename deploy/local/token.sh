#!/usr/bin/env bash
# Prints an RS256 JWT for the local service (dev profile), signed with deploy/local/dev-keys, or
# with another key (--key; deploy/docker-compose.yml mints its tokens this way). Needs only bash
# and openssl.
set -euo pipefail

KEY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/dev-keys/jwt-private.pem"
ISSUER=projects-service-dev
AUDIENCE=""

usage() {
  cat <<'EOF'
usage: deploy/local/token.sh --user NAME --org ORG [--roles a,b] [--ttl MINUTES]
                            [--key FILE] [--issuer ISS] [--audience AUD]

Prints a bearer token (RS256, issuer "projects-service-dev") that the service accepts in its
dev profile, e.g.
  curl -H "Authorization: Bearer $(deploy/local/token.sh --user alice --org acme)" ...

  --user NAME     sub, upn and preferred_username (required)
  --org ORG       organization claim (required)
  --roles a,b     groups claim, comma-separated (default: user)
  --ttl MINUTES   lifetime in minutes (default: 60)
  --key FILE      the RSA private key (PEM) to sign with (default: the dev key)
  --issuer ISS    iss claim (default: projects-service-dev)
  --audience AUD  aud claim (default: none)
EOF
}

die() {
  echo "token.sh: $*" >&2
  echo "try: deploy/local/token.sh --help" >&2
  exit 2
}

user="" org="" roles="user" ttl=60
while (($#)); do
  case $1 in
    -h | --help)
      usage
      exit 0
      ;;
    --user | --org | --roles | --ttl | --key | --issuer | --audience)
      (($# >= 2)) || die "$1 needs a value"
      case $1 in
        --user) user=$2 ;;
        --org) org=$2 ;;
        --roles) roles=$2 ;;
        --ttl) ttl=$2 ;;
        --key) KEY=$2 ;;
        --issuer) ISSUER=$2 ;;
        --audience) AUDIENCE=$2 ;;
      esac
      shift 2
      ;;
    *) die "unknown argument '$1'" ;;
  esac
done

[[ -n $user ]] || die "--user is required"
[[ -n $org ]] || die "--org is required"
if ! [[ $ttl =~ ^[0-9]+$ ]] || ((ttl == 0)); then die "--ttl must be a positive number of minutes"; fi
[[ -r $KEY ]] || die "cannot read the signing key $KEY"
command -v openssl >/dev/null || die "openssl is needed"

# JSON string literal: escapes backslash, quote and control characters.
json_str() {
  local s=$1 out="" c i code
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      '"') out+='\"' ;;
      \\) out+=\\\\ ;;
      *)
        printf -v code '%d' "'$c"
        if ((code >= 0 && code < 32)); then
          printf -v c '\\u%04x' "$code"
        fi
        out+=$c
        ;;
    esac
  done
  printf '"%s"' "$out"
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

groups=""
IFS=, read -ra role_list <<<"$roles"
for role in "${role_list[@]}"; do
  role=${role#"${role%%[![:space:]]*}"} # trim
  role=${role%"${role##*[![:space:]]}"}
  [[ -n $role ]] && groups+="${groups:+,}$(json_str "$role")"
done
[[ -n $groups ]] || die "--roles needs at least one role"

now=$(date +%s)
jti=$(openssl rand -hex 16)
header='{"alg":"RS256","typ":"JWT"}'
u=$(json_str "$user")
aud=""
[[ -n $AUDIENCE ]] && aud=",\"aud\":$(json_str "$AUDIENCE")"
payload=$(printf '{"iss":%s,"sub":%s,"upn":%s,"preferred_username":%s,"organization":%s,"groups":[%s],"iat":%d,"exp":%d,"jti":"%s"%s}' \
  "$(json_str "$ISSUER")" "$u" "$u" "$u" "$(json_str "$org")" "$groups" "$now" $((now + ttl * 60)) "$jti" "$aud")

signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$KEY" -binary | b64url)
printf '%s.%s\n' "$signing_input" "$signature"
