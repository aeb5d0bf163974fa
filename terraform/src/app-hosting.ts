import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import { CloudfrontOriginAccessControl } from '@cdktf/provider-aws/lib/cloudfront-origin-access-control/index.js';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import type { Construct } from 'constructs';
import { MANAGED_CACHE_POLICY } from './edge.js';

export const APPS = ['customer', 'staff'] as const;
export type AppName = (typeof APPS)[number];

/** A deploy overwrites the files; the versions it replaced stay this long, so an earlier release can be put back (runbooks/restore.md). */
export const APP_PREVIOUS_VERSION_DAYS = 30;

/** app.<domain> is where the customer app's OAuth callbacks already point. */
export function appHostnames(domain: string): Record<AppName, string> {
  return { customer: `app.${domain}`, staff: `staff.${domain}` };
}

export function appOrigins(domain: string): Record<AppName, string> {
  const hostnames = appHostnames(domain);
  return { customer: `https://${hostnames.customer}`, staff: `https://${hostnames.staff}` };
}

export interface AppHostingProps {
  name: (logicalName: string) => string;
  hostnames: Record<AppName, string>;
  hostedZoneId: string;
  /** The edge's us-east-1 certificate, which names the apps' hosts too. */
  certificateArn: string;
  webAclArn: string;
}

export interface HostedApp {
  hostname: string;
  bucket: S3Bucket;
  distribution: CloudfrontDistribution;
}

/**
 * Each built app in its own private bucket, read only by its own distribution through Origin Access
 * Control. Hashed files under /assets/ are cached for good; everything else (index.html, the service
 * worker, the manifest) is revalidated on each request, so a deploy shows at once. A path that is no
 * file (a client route such as /counter) gets index.html with 200: S3 answers 403 for a missing key
 * when the reader may not list the bucket.
 */
export function addAppHosting(scope: Construct, props: AppHostingProps): Record<AppName, HostedApp> {
  const accessControl = new CloudfrontOriginAccessControl(scope, 'apps_origin_access', {
    name: props.name('apps'),
    description: 'CloudFront signs its requests to the app buckets',
    originAccessControlOriginType: 's3',
    signingBehavior: 'always',
    signingProtocol: 'sigv4',
  });
  const host = (app: AppName): HostedApp => {
    const bucket = addAppBucket(scope, `app_${app}`, props.name(`${app}-app`));
    const originId = `${app}-app`;
    const distribution = new CloudfrontDistribution(scope, `app_${app}_distribution`, {
      enabled: true,
      comment: `${props.name(app)} app`,
      aliases: [props.hostnames[app]],
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: 'PriceClass_100',
      webAclId: props.webAclArn,
      defaultRootObject: 'index.html',
      origin: [{ originId, domainName: bucket.bucketRegionalDomainName, originAccessControlId: accessControl.id }],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: 'redirect-to-https',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
        compress: true,
      },
      orderedCacheBehavior: [
        {
          pathPattern: '/assets/*',
          targetOriginId: originId,
          viewerProtocolPolicy: 'redirect-to-https',
          allowedMethods: ['GET', 'HEAD'],
          cachedMethods: ['GET', 'HEAD'],
          cachePolicyId: MANAGED_CACHE_POLICY.cachingOptimized,
          compress: true,
        },
      ],
      customErrorResponse: [403, 404].map((errorCode) => ({ errorCode, responseCode: 200, responsePagePath: '/index.html', errorCachingMinTtl: 0 })),
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: { acmCertificateArn: props.certificateArn, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    });
    new S3BucketPolicy(scope, `app_${app}_policy`, {
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'CloudFrontReads',
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: ['s3:GetObject'],
            Resource: [`${bucket.arn}/*`],
            Condition: { StringEquals: { 'AWS:SourceArn': distribution.arn } },
          },
        ],
      }),
    });
    for (const type of ['A', 'AAAA']) {
      new Route53Record(scope, `app_${app}_${type.toLowerCase()}`, {
        zoneId: props.hostedZoneId,
        name: props.hostnames[app],
        type,
        alias: { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
      });
    }
    return { hostname: props.hostnames[app], bucket, distribution };
  };
  return { customer: host('customer'), staff: host('staff') };
}

/** Private, encrypted, versioned: the current files never expire, replaced ones after APP_PREVIOUS_VERSION_DAYS. */
function addAppBucket(scope: Construct, id: string, name: string): S3Bucket {
  const bucket = new S3Bucket(scope, id, { bucket: name });
  new S3BucketVersioningA(scope, `${id}_versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
  new S3BucketServerSideEncryptionConfigurationA(scope, `${id}_encryption`, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  new S3BucketPublicAccessBlock(scope, `${id}_public_access`, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketLifecycleConfiguration(scope, `${id}_lifecycle`, {
    bucket: bucket.id,
    rule: [
      {
        id: `previous-versions-${APP_PREVIOUS_VERSION_DAYS}-days`,
        status: 'Enabled',
        filter: [{}],
        noncurrentVersionExpiration: [{ noncurrentDays: APP_PREVIOUS_VERSION_DAYS }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
      },
      { id: 'remove-expired-delete-markers', status: 'Enabled', filter: [{}], expiration: [{ expiredObjectDeleteMarker: true }] },
    ],
  });
  return bucket;
}
