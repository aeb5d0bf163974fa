#!/usr/bin/env bash
# Uploads the built apps (apps/<app>/dist) to their buckets with this environment's <meta> settings
# written in, then invalidates index.html. Hashed files under assets/ go first and are cached for a
# year, so no index.html ever names an asset not uploaded yet; the rest is no-cache. Assets of earlier
# releases stay: a tab still open on the old index.html keeps loading its chunks.
# Usage: deploy-apps.sh <terraform output -json file> <domain>
# AWS_ENDPOINT_URL_S3 / _CLOUDFRONT (unset on AWS) are passed as --endpoint-url, which every CLI version
# takes: the test runs this against the S3 emulator.
set -euo pipefail
outputs="$1"
domain="$2"
output() { jq -er "$1" "$outputs"; }
s3() { aws ${AWS_ENDPOINT_URL_S3:+--endpoint-url "$AWS_ENDPOINT_URL_S3"} s3 "$@"; }
cloudfront() { aws ${AWS_ENDPOINT_URL_CLOUDFRONT:+--endpoint-url "$AWS_ENDPOINT_URL_CLOUDFRONT"} cloudfront "$@"; }
set_meta() { sed -i "s|\(<meta name=\"$2\" content=\"\)[^\"]*\"|\1$3\"|" "$1"; }

for app in customer staff; do
  bucket="$(output ".apps.value.$app.bucket")"
  distribution="$(output ".apps.value.$app.distributionId")"
  site="$(mktemp -d)"
  cp -R "apps/$app/dist/." "$site"
  rm -rf "$site/.vite"
  if [ "$app" = customer ]; then
    set_meta "$site/index.html" loyalty-customer-api "https://api.$domain"
    set_meta "$site/index.html" loyalty-hosted-ui "$(output '.cognito_domain_url.value')"
    set_meta "$site/index.html" loyalty-client-id "$(output '.topology.value.userPools.customers.clientId')"
  else
    set_meta "$site/index.html" loyalty-admin-api "https://admin-api.$domain"
  fi
  s3 sync "$site/assets" "s3://$bucket/assets" --cache-control 'public, max-age=31536000, immutable'
  s3 sync "$site" "s3://$bucket" --exclude 'assets/*' --delete --cache-control 'no-cache'
  cloudfront create-invalidation --distribution-id "$distribution" --paths /index.html > /dev/null
  echo "deployed $app to https://$(output ".apps.value.$app.hostname")"
done
