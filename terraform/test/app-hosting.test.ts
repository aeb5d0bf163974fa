import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { APP_PREVIOUS_VERSION_DAYS, APPS, addAppHosting, appHostnames } from '../src/app-hosting.js';
import { MANAGED_CACHE_POLICY } from '../src/edge.js';
import { name } from './support/seams.js';
import { parseJson, synthesize, synthesizePart } from './support/synthesized.js';

const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/apps';
const webAclArn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/test-edge/abc';
const hostnames = appHostnames('loyalty.example.com');
const synthesized = synthesizePart((stack) => {
  addAppHosting(stack, { name, hostnames, hostedZoneId: 'Z123EXAMPLE', certificateArn, webAclArn });
});

it('serves the customer app at app.<domain>, where its OAuth callbacks point, and the staff app at staff.<domain>', () => {
  expect(hostnames).toEqual({ customer: 'app.loyalty.example.com', staff: 'staff.loyalty.example.com' });
});

describe.each(APPS)('the %s app', (app) => {
  const distribution = () => synthesized.resources('aws_cloudfront_distribution')[`app_${app}_distribution`] as Record<string, unknown>;

  it('has its own private bucket: encrypted, versioned, no public access, replaced versions kept for a while', () => {
    expect(synthesized.resources('aws_s3_bucket')[`app_${app}`]).toMatchObject({ bucket: name(`${app}-app`) });
    expect(synthesized.resources('aws_s3_bucket_versioning')[`app_${app}_versioning`]).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(synthesized.resources('aws_s3_bucket_server_side_encryption_configuration')[`app_${app}_encryption`]).toBeDefined();
    expect(synthesized.resources('aws_s3_bucket_public_access_block')[`app_${app}_public_access`]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const rules = synthesized.resources('aws_s3_bucket_lifecycle_configuration')[`app_${app}_lifecycle`]?.rule as Record<string, unknown>[];
    expect(rules).toContainEqual(expect.objectContaining({ noncurrent_version_expiration: [{ noncurrent_days: APP_PREVIOUS_VERSION_DAYS }] }));
    // The current files of a release never expire.
    for (const rule of rules) expect(rule.expiration ?? []).not.toContainEqual(expect.objectContaining({ days: expect.anything() }));
  });

  it('lets only its distribution read the bucket, through Origin Access Control', () => {
    expect(distribution().origin).toEqual([
      expect.objectContaining({
        domain_name: `\${aws_s3_bucket.app_${app}.bucket_regional_domain_name}`,
        origin_access_control_id: '${aws_cloudfront_origin_access_control.apps_origin_access.id}',
      }),
    ]);
    expect(synthesized.resources('aws_cloudfront_origin_access_control').apps_origin_access).toMatchObject({
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
    const policy = parseJson(synthesized.resources('aws_s3_bucket_policy')[`app_${app}_policy`]?.policy) as { Statement: Record<string, unknown>[] };
    expect(policy.Statement).toEqual([
      {
        Sid: 'CloudFrontReads',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: ['s3:GetObject'],
        Resource: [`\${aws_s3_bucket.app_${app}.arn}/*`],
        Condition: { StringEquals: { 'AWS:SourceArn': `\${aws_cloudfront_distribution.app_${app}_distribution.arn}` } },
      },
    ]);
  });

  it('answers at its host over HTTPS with the edge certificate and web ACL', () => {
    expect(distribution()).toMatchObject({
      aliases: [hostnames[app]],
      web_acl_id: webAclArn,
      default_root_object: 'index.html',
      viewer_certificate: { acm_certificate_arn: certificateArn, ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' },
      default_cache_behavior: { viewer_protocol_policy: 'redirect-to-https', allowed_methods: ['GET', 'HEAD'] },
    });
  });

  it('caches the hashed assets for good and revalidates index.html and the rest on every request', () => {
    expect(distribution().default_cache_behavior).toMatchObject({ cache_policy_id: MANAGED_CACHE_POLICY.cachingDisabled });
    expect(distribution().ordered_cache_behavior).toEqual([
      expect.objectContaining({ path_pattern: '/assets/*', cache_policy_id: MANAGED_CACHE_POLICY.cachingOptimized }),
    ]);
  });

  it('answers a client route (no such file: S3 says 403) with index.html and 200', () => {
    expect(distribution().custom_error_response).toEqual(
      [403, 404].map((code) => ({ error_code: code, response_code: 200, response_page_path: '/index.html', error_caching_min_ttl: 0 })),
    );
  });

  it.each(['A', 'AAAA'])('has a Route 53 %s alias to its distribution', (type) => {
    expect(synthesized.json).toHaveResourceWithProperties(Route53Record, {
      name: hostnames[app],
      type,
      alias: expect.objectContaining({ name: `\${aws_cloudfront_distribution.app_${app}_distribution.domain_name}` }),
    });
  });
});

describe('in the whole stack', () => {
  const stack = synthesize();

  it('puts both apps on the edge certificate and behind the edge web ACL', () => {
    expect(stack.resources('aws_acm_certificate').edge_certificate?.subject_alternative_names).toEqual([
      'admin-api.loyalty.example.org',
      'app.loyalty.example.org',
      'staff.loyalty.example.org',
    ]);
    for (const app of APPS) {
      expect(stack.resources('aws_cloudfront_distribution')[`app_${app}_distribution`]).toMatchObject({
        web_acl_id: '${aws_wafv2_web_acl.edge_web_acl.arn}',
        viewer_certificate: { acm_certificate_arn: '${aws_acm_certificate_validation.edge_certificate_validation.certificate_arn}' },
      });
    }
  });

  it('outputs each app bucket and distribution for the deploy script', () => {
    expect(stack.config.output.apps?.value).toEqual({
      customer: {
        hostname: 'app.loyalty.example.org',
        bucket: '${aws_s3_bucket.app_customer.bucket}',
        distributionId: '${aws_cloudfront_distribution.app_customer_distribution.id}',
      },
      staff: {
        hostname: 'staff.loyalty.example.org',
        bucket: '${aws_s3_bucket.app_staff.bucket}',
        distributionId: '${aws_cloudfront_distribution.app_staff_distribution.id}',
      },
    });
  });
});
