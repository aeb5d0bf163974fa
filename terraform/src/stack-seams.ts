/**
 * What the stack's parts hand each other. The network, database and compute parts produce these;
 * the functions, edge, alarms and backups parts consume them, so each side can be built and tested
 * alone against literal values.
 */

export interface NetworkOutputs {
  vpcId: string;
  publicSubnetIds: string[];
  privateSubnetIds: string[];
  /** Attached to every Lambda function in the VPC; the database security group admits it. */
  lambdaSecurityGroupId: string;
}

export interface DatabaseOutputs {
  /** The RDS instance identifier (CloudWatch's DBInstanceIdentifier dimension). */
  instanceIdentifier: string;
  /** A Secrets Manager secret whose string is the full postgres:// URL the services use as DATABASE_URL. */
  databaseUrlSecretArn: string;
}

/** Where CloudFront sends API traffic: the ECS host (initial) or the load balancer (growth and later). */
export interface ApiOrigin {
  domainName: string;
  customerPort: number;
  adminPort: number;
}

export interface ComputeOutputs {
  clusterName: string;
  /** The ECS services, for the dashboard and the deploy pipeline. */
  serviceNames: string[];
  origin: ApiOrigin;
  /** CloudWatch's LoadBalancer dimension ("app/<name>/<id>") when a load balancer exists. */
  loadBalancerArnSuffix?: string;
}
