#!/bin/sh
# Migrate this service's own database, then run it. SERVICE is one of the five.
set -e
case "$SERVICE" in
  intake) CLASS=IntakeService ;; scoring) CLASS=ScoringService ;;
  supervision) CLASS=SupervisionService ;; publicity) CLASS=PublicityService ;;
  revocation) CLASS=RevocationService ;;
  *) echo "SERVICE must be intake, scoring, supervision, publicity or revocation" >&2; exit 2 ;;
esac
award-migrate "$SERVICE"
exec nameko run --config "services/$SERVICE/config.yaml" "award_$SERVICE.service:$CLASS"
