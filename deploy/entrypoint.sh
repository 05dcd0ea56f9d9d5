#!/bin/sh
# Migrate this service's own database, then run it. SERVICE is one of the five.
set -e
case "$SERVICE" in
  intake) CLASS=IntakeService ;; scoring) CLASS=ScoringService ;;
  supervision) CLASS=SupervisionService ;; publicity) CLASS=PublicityService ;;
  revocation) CLASS=RevocationService ;;
  *) echo "SERVICE must be intake, scoring, supervision, publicity or revocation" >&2; exit 2 ;;
esac
# the person key from a file (compose's keys service) unless given in the environment
if [ -z "$PERSON_KEY_SECRET" ] && [ -n "$PERSON_KEY_SECRET_FILE" ] && [ -s "$PERSON_KEY_SECRET_FILE" ]; then
  PERSON_KEY_SECRET=$(cat "$PERSON_KEY_SECRET_FILE"); export PERSON_KEY_SECRET
fi
award-migrate "$SERVICE"
exec nameko run --config "services/$SERVICE/config.yaml" "award_$SERVICE.service:$CLASS"
