#!/usr/bin/env bash
# Waits until every ECS service is stable, then fails unless each one's primary deployment completed
# (a deployment the circuit breaker rolled back is stable too, on the old task definition) and every
# running container from our ECR repositories runs exactly the digest the build pushed.
# Usage: verify-rollout.sh <cluster> <image-digests.json: {"<repository>": "sha256:..."}> <service>...
set -euo pipefail
cluster="$1"
digests="$2"
shift 2
(($# > 0)) || { echo "no ECS services given" >&2; exit 1; }

aws ecs wait services-stable --cluster "$cluster" --services "$@"

for service in "$@"; do
  # shellcheck disable=SC2016 # backquotes are JMESPath literals, not shell
  rollout="$(aws ecs describe-services --cluster "$cluster" --services "$service" \
    --query 'services[0].deployments[?status==`PRIMARY`] | [0].rolloutState' --output text)"
  if [[ "$rollout" != COMPLETED ]]; then
    echo "::error::$service: rollout state $rollout (the circuit breaker rolled back, or it is stuck)"
    exit 1
  fi

  mapfile -t tasks < <(aws ecs list-tasks --cluster "$cluster" --service-name "$service" --desired-status RUNNING \
    --query 'taskArns[]' --output text | tr '\t' '\n')
  ((${#tasks[@]} > 0)) || { echo "::error::$service: no running task"; exit 1; }
  aws ecs describe-tasks --cluster "$cluster" --tasks "${tasks[@]}" --output json |
    jq -e --slurpfile want "$digests" --arg service "$service" '
      [.tasks[].containers[]
        | select(.image | test("\\.dkr\\.ecr\\."))
        | {repository: (.image | sub("^[^/]+/"; "") | sub("[:@].*$"; "")), digest: .imageDigest}] as $running
      | if ($running | length) == 0 then error("\($service): no container from ECR")
        elif ($running | all(.digest == $want[0][.repository])) then true
        else error("\($service): running \($running | tostring), pushed \($want[0] | tostring)") end' >/dev/null
  echo "$service: rollout completed on the pushed digests"
done
