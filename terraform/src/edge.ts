import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate/index.js';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation/index.js';
import { CloudfrontDistribution } from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl/index.js';
import { TerraformIterator } from 'cdktf';
import type { Construct } from 'constructs';
import type { ApiOrigin } from './stack-seams.js';

/** CloudFront, its certificate and its WAF live in us-east-1 whatever the stack's region. */
export const EDGE_REGION = 'us-east-1';

// AWS managed policies (stable ids, listed in the CloudFront developer guide).
export const MANAGED_CACHE_POLICY = { cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6' };
export const MANAGED_ORIGIN_REQUEST_POLICY = { allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac' };

// Requests per IP per 5 minutes before WAF blocks: far above the APIs' own per-route limits (which
// answer 429 with Retry-After), so it only stops floods that would otherwise reach the one ECS host.
export const WAF_RATE_LIMIT_PER_5_MINUTES = 2000;
// An API whose answers are 5xx for more than this share of requests over 5 minutes pages someone.
const SERVER_ERROR_RATE_PERCENT = 5;

export interface EdgeProps {
  name: (logicalName: string) => string;
  domain: string;
  hostedZoneId: string;
  origin: ApiOrigin;
  /** An SNS topic in us-east-1, where CloudFront's metrics (and so its alarms) are. */
  alertsTopicArn: string;
  /** The apps' hosts (app-hosting.ts), which share the certificate. */
  appHostnames: string[];
}

export interface Api {
  hostname: string;
  distribution: CloudfrontDistribution;
}

export interface Edge {
  apis: { customer: Api; admin: Api };
  webAcl: Wafv2WebAcl;
  certificateArn: string;
}

/**
 * api.<domain> (customer API) and admin-api.<domain> (admin API), each behind its own distribution:
 * CloudFront routes by path, not by host, so two hosts in front of two ports are two distributions.
 * API answers are never cached and reach the origin with every viewer header, cookie and query string
 * (Authorization included); only the Swagger UI assets and the OpenAPI document are cached.
 */
export function addEdge(scope: Construct, props: EdgeProps): Edge {
  const hostnames = { customer: `api.${props.domain}`, admin: `admin-api.${props.domain}` };
  const certificate = addCertificate(scope, props.hostedZoneId, [hostnames.customer, hostnames.admin, ...props.appHostnames]);
  const webAcl = addWebAcl(scope, props.name('edge'));

  const api = (key: 'customer' | 'admin', port: number): Api => {
    const originId = `${key}-api`;
    const distribution = new CloudfrontDistribution(scope, `edge_${key}`, {
      enabled: true,
      comment: `${props.name(key)} API`,
      aliases: [hostnames[key]],
      isIpv6Enabled: true,
      httpVersion: 'http2and3',
      priceClass: 'PriceClass_100',
      webAclId: webAcl.arn,
      origin: [
        {
          originId,
          domainName: props.origin.domainName,
          // The initial phase's origin is the ECS host itself, which holds no certificate.
          customOriginConfig: { httpPort: port, httpsPort: 443, originProtocolPolicy: 'http-only', originSslProtocols: ['TLSv1.2'] },
        },
      ],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: 'https-only',
        allowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
        originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
        compress: true,
      },
      orderedCacheBehavior: ['/docs*', '/openapi.json'].map((pathPattern) => ({
        pathPattern,
        targetOriginId: originId,
        viewerProtocolPolicy: 'https-only',
        allowedMethods: ['GET', 'HEAD'],
        cachedMethods: ['GET', 'HEAD'],
        cachePolicyId: MANAGED_CACHE_POLICY.cachingOptimized,
        compress: true,
      })),
      restrictions: { geoRestriction: { restrictionType: 'none' } },
      viewerCertificate: { acmCertificateArn: certificate, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' },
    });
    for (const type of ['A', 'AAAA']) {
      new Route53Record(scope, `edge_${key}_${type.toLowerCase()}`, {
        zoneId: props.hostedZoneId,
        name: hostnames[key],
        type,
        alias: { name: distribution.domainName, zoneId: distribution.hostedZoneId, evaluateTargetHealth: false },
      });
    }
    new CloudwatchMetricAlarm(scope, `edge_${key}_5xx`, {
      region: EDGE_REGION,
      alarmName: `${props.name(key)}-api-5xx`,
      alarmDescription: `More than ${SERVER_ERROR_RATE_PERCENT}% of the requests to ${hostnames[key]} answered 5xx over 5 minutes.`,
      namespace: 'AWS/CloudFront',
      metricName: '5xxErrorRate',
      dimensions: { DistributionId: distribution.id, Region: 'Global' },
      statistic: 'Average',
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: 'GreaterThanThreshold',
      threshold: SERVER_ERROR_RATE_PERCENT,
      treatMissingData: 'notBreaching',
      alarmActions: [props.alertsTopicArn],
      okActions: [props.alertsTopicArn],
    });
    return { hostname: hostnames[key], distribution };
  };

  return {
    apis: { customer: api('customer', props.origin.customerPort), admin: api('admin', props.origin.adminPort) },
    webAcl,
    certificateArn: certificate,
  };
}

/** One certificate for both hosts, validated by DNS in the zone; returns the ARN once it is issued. */
function addCertificate(scope: Construct, hostedZoneId: string, hostnames: [string, ...string[]]): string {
  const [domainName, ...alternatives] = hostnames;
  const certificate = new AcmCertificate(scope, 'edge_certificate', {
    region: EDGE_REGION,
    domainName,
    subjectAlternativeNames: alternatives,
    validationMethod: 'DNS',
    lifecycle: { createBeforeDestroy: true },
  });
  const validationOptions = TerraformIterator.fromComplexList(certificate.domainValidationOptions, 'domain_name');
  const records = new Route53Record(scope, 'edge_certificate_validation_record', {
    forEach: validationOptions,
    zoneId: hostedZoneId,
    name: validationOptions.getString('resource_record_name'),
    type: validationOptions.getString('resource_record_type'),
    records: [validationOptions.getString('resource_record_value')],
    ttl: 300,
    allowOverwrite: true,
  });
  // Waits until ACM has seen the records and issued the certificate, which CloudFront requires.
  const validation = new AcmCertificateValidation(scope, 'edge_certificate_validation', {
    region: EDGE_REGION,
    certificateArn: certificate.arn,
    dependsOn: [records],
  });
  return validation.certificateArn;
}

function addWebAcl(scope: Construct, name: string): Wafv2WebAcl {
  const visibility = (metricName: string) => ({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: metricName });
  return new Wafv2WebAcl(scope, 'edge_web_acl', {
    region: EDGE_REGION,
    name,
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
    // The rules in the WAF API's own JSON: the provider's nested rule blocks are the same data, less readable.
    ruleJson: JSON.stringify([
      {
        Name: 'aws-common-rules',
        Priority: 0,
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
        VisibilityConfig: visibility(`${name}-common`),
      },
      {
        Name: 'rate-per-ip',
        Priority: 1,
        Action: { Block: {} },
        Statement: { RateBasedStatement: { Limit: WAF_RATE_LIMIT_PER_5_MINUTES, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
        VisibilityConfig: visibility(`${name}-rate`),
      },
    ]),
  });
}
