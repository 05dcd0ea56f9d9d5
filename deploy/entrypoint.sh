#!/bin/sh
# Migrate this service's own database, then run it. SERVICE is one of the six, or console
# (the staff console: its sessions' store, CONSOLE_DATABASE_URL).
set -e
if [ "$SERVICE" = console ]; then
  award-migrate console
  exec award-console
fi
case "$SERVICE" in
  intake) CLASS=IntakeService ;; scoring) CLASS=ScoringService ;;
  supervision) CLASS=SupervisionService ;; publicity) CLASS=PublicityService ;;
  revocation) CLASS=RevocationService ;;
  feed) CLASS=FeedService ;;
  *) echo "SERVICE must be intake, scoring, supervision, publicity, revocation or feed" >&2; exit 2 ;;
esac
# the person key from a file (compose's keys service) unless given in the environment
if [ -z "$PERSON_KEY_SECRET" ] && [ -n "$PERSON_KEY_SECRET_FILE" ] && [ -s "$PERSON_KEY_SECRET_FILE" ]; then
  PERSON_KEY_SECRET=$(cat "$PERSON_KEY_SECRET_FILE"); export PERSON_KEY_SECRET
fi
# this service's own broker user: its password from a file (compose's keys service)
if [ -n "$AMQP_PASSWORD_FILE" ]; then
  AMQP_URI=$(python -c 'import os; from award_shared.bus.broker_access import uri_with_password
print(uri_with_password(os.environ["AMQP_URI"], open(os.environ["AMQP_PASSWORD_FILE"]).read().strip()))')
  export AMQP_URI
fi
award-migrate "$SERVICE"
exec award-run --config "services/$SERVICE/config.yaml" "award_$SERVICE.service:$CLASS"
