#!/usr/bin/env bash
# Tools the network-namespace tests need (NAT for TR-111 STUN, multicast for FLUTE): iproute2 (ip netns,
# veth, bridges) and nftables (masquerade, loss injection). Installed from Debian's packages when missing;
# quiet and idempotent. Without root nothing is installed (those tests then skip outside CI).
set -euo pipefail
[ "$(id -u)" = 0 ] || exit 0
missing=()
command -v ip > /dev/null || missing+=(iproute2)
command -v nft > /dev/null || missing+=(nftables)
command -v sysctl > /dev/null || missing+=(procps)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} for the network-namespace tests"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null 2>&1 ||
    { apt-get update -qq > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null; }
fi
