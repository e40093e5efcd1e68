#!/bin/sh
# One-shot, in temporalio/admin-tools: registers the custom search attributes the case workflow upserts
# (workflows/search-attributes.ts: CasePhase, HandlingOrg, NextDeadline, Overdue) in the application's namespace.
# Idempotent: an attribute that is already registered is left alone, so it runs on every `docker compose up`.
# Needs TEMPORAL_ADDRESS (host:port); TEMPORAL_NAMESPACE defaults to "default" (auto-setup creates that namespace).
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be set, e.g. temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
# Keep in step with DEV_SERVER_SEARCH_ATTRIBUTE_ARGS in workflows/search-attributes.ts.
ATTRIBUTES="CasePhase=Keyword HandlingOrg=Keyword NextDeadline=Datetime Overdue=Bool"
TRIES="${TEMPORAL_WAIT_TRIES:-90}"

wait_for() { # description, command...
  what="$1"
  shift
  n=0
  until "$@" >/dev/null 2>&1; do
    n=$((n + 1))
    if [ "$n" -ge "$TRIES" ]; then
      echo "gave up waiting for $what after $((TRIES * 2)) s" >&2
      exit 1
    fi
    sleep 2
  done
  echo "$what: ready"
}

listed() { # name: is it in the namespace's search attributes?
  temporal operator search-attribute list --namespace "$NAMESPACE" | awk '{ print $1 }' | grep -qx "$1"
}

wait_for "Temporal frontend at $TEMPORAL_ADDRESS" temporal operator cluster health
# auto-setup creates the namespace in the background after the server starts; the list call also waits out the
# namespace cache.
wait_for "namespace $NAMESPACE" temporal operator search-attribute list --namespace "$NAMESPACE"

for spec in $ATTRIBUTES; do
  name="${spec%%=*}"
  type="${spec#*=}"
  if listed "$name"; then
    echo "$name: already registered"
  else
    temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type"
    echo "$name: registered as $type"
  fi
done

for spec in $ATTRIBUTES; do
  wait_for "search attribute ${spec%%=*} listed" listed "${spec%%=*}"
done
echo "search attributes ready in namespace $NAMESPACE"
