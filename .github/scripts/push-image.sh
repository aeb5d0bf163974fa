#!/usr/bin/env bash
# Builds services/<service>/Dockerfile (repository root as context), pushes it to ECR as
# <repository>:<tag> and prints only the pushed image's digest (sha256:...) on stdout.
# Usage: ECR_REGISTRY=<account>.dkr.ecr.<region>.amazonaws.com push-image.sh <service> <repository> <tag>
set -euo pipefail
service="$1"
repository="$2"
tag="$3"
registry="${ECR_REGISTRY:?set ECR_REGISTRY (the amazon-ecr-login output)}"
image="$registry/$repository:$tag"

# ECR tags are immutable: a re-run of the same commit reuses the image its first run pushed.
existing="$(aws ecr describe-images --repository-name "$repository" --image-ids imageTag="$tag" \
  --query 'imageDetails[0].imageDigest' --output text 2>/dev/null || true)"
if [[ "$existing" == sha256:* ]]; then
  echo "$repository:$tag exists already as $existing" >&2
  echo "$existing"
  exit 0
fi

docker build --file "services/$service/Dockerfile" --label "org.opencontainers.image.revision=$tag" --tag "$image" . >&2
docker push "$image" >&2
digest="$(docker inspect --format '{{index .RepoDigests 0}}' "$image")"
echo "${digest#*@}"
