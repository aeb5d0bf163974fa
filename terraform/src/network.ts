import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones/index.js';
import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list/index.js';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter/index.js';
import { Instance } from '@cdktf/provider-aws/lib/instance/index.js';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway/index.js';
import { Route } from '@cdktf/provider-aws/lib/route/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';
import type { NetworkOutputs } from './stack-seams.js';

export const VPC_CIDR = '10.40.0.0/16';
const PUBLIC_SUBNET_CIDRS = ['10.40.0.0/24', '10.40.1.0/24'];
const PRIVATE_SUBNET_CIDRS = ['10.40.10.0/24', '10.40.11.0/24'];
export const NAT_INSTANCE_TYPE = 't4g.nano';
const NAT_AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64';
export const CLOUDFRONT_ORIGIN_PREFIX_LIST = 'com.amazonaws.global.cloudfront.origin-facing';

export interface Network extends NetworkOutputs {
  vpc: Vpc;
  /** The availability zone of each subnet pair (index 0 holds the single host and the database). */
  availabilityZones: string[];
  /** The CloudFront origin-facing prefix list: the only source allowed to reach the API ports. */
  cloudFrontPrefixListId: string;
  /** Security groups, each admitting one port from CloudFront (see `admitFromCloudFront`). */
  admitFromCloudFront(scope: Construct, id: string, groupName: string, port: number): SecurityGroup;
  /** A security group with no rules yet, in the VPC. */
  securityGroup(scope: Construct, id: string, name: string, description: string): SecurityGroup;
}

/**
 * A VPC with a public and a private subnet in each of two availability zones (an RDS subnet group
 * needs two even for a single-AZ instance). The ECS hosts sit in the public subnets with public
 * addresses, so they need no NAT; the Lambda functions and the database sit in the private ones.
 *
 * The functions still have to reach AWS APIs: Secrets Manager for DATABASE_URL, and SES for the
 * notifier, which has no PrivateLink endpoint for its API (only for SMTP). A NAT gateway costs ~$33 a
 * month before data; two interface endpoints in two zones ~$29 and still leave SES out. A t4g.nano NAT
 * instance (~$3 + its public address ~$3.65) carries both; S3 and DynamoDB go through the free gateway
 * endpoints instead. Its failure stops e-mail and the processors' secret lookups until EC2 recovers it
 * (auto recovery), while the APIs, on the hosts, carry on.
 */
export function addNetwork(scope: Construct, name: (logicalName: string) => string, region: string): Network {
  const zones = new DataAwsAvailabilityZones(scope, 'availability_zones', { state: 'available' });
  const availabilityZones = [0, 1].map((index) => Fn.element(zones.names, index));

  const vpc = new Vpc(scope, 'vpc', {
    cidrBlock: VPC_CIDR,
    enableDnsHostnames: true,
    enableDnsSupport: true,
    tags: { Name: name('vpc') },
  });
  const internetGateway = new InternetGateway(scope, 'internet_gateway', { vpcId: vpc.id, tags: { Name: name('igw') } });

  const publicRoutes = new RouteTable(scope, 'route_table_public', { vpcId: vpc.id, tags: { Name: name('public') } });
  new Route(scope, 'route_public_internet', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id });
  const privateRoutes = new RouteTable(scope, 'route_table_private', { vpcId: vpc.id, tags: { Name: name('private') } });

  const subnets = (kind: 'public' | 'private', cidrs: string[], routeTable: RouteTable) =>
    cidrs.map((cidrBlock, index) => {
      const subnet = new Subnet(scope, `subnet_${kind}_${index}`, {
        vpcId: vpc.id,
        cidrBlock,
        availabilityZone: availabilityZones[index],
        mapPublicIpOnLaunch: false,
        tags: { Name: name(`${kind}-${index}`), Tier: kind },
      });
      new RouteTableAssociation(scope, `route_table_association_${kind}_${index}`, { subnetId: subnet.id, routeTableId: routeTable.id });
      return subnet;
    });
  const publicSubnets = subnets('public', PUBLIC_SUBNET_CIDRS, publicRoutes);
  const privateSubnets = subnets('private', PRIVATE_SUBNET_CIDRS, privateRoutes);

  for (const service of ['s3', 'dynamodb']) {
    new VpcEndpoint(scope, `vpc_endpoint_${service}`, {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${region}.${service}`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [privateRoutes.id],
      tags: { Name: name(service) },
    });
  }

  const securityGroup = (groupScope: Construct, id: string, groupName: string, description: string) =>
    new SecurityGroup(groupScope, id, { name: name(groupName), description, vpcId: vpc.id, tags: { Name: name(groupName) } });

  const lambdaSecurityGroup = securityGroup(
    scope,
    'security_group_lambda',
    'lambda',
    'Lambda functions: HTTPS out through the NAT instance, Postgres to the database',
  );
  const natSecurityGroup = securityGroup(scope, 'security_group_nat', 'nat', 'NAT instance: HTTPS from the private subnets, out to the internet');
  new VpcSecurityGroupEgressRule(scope, 'lambda_egress_https', {
    securityGroupId: lambdaSecurityGroup.id,
    description: 'AWS APIs (Secrets Manager, SES, SQS) through the NAT instance or the gateway endpoints',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIpv4: '0.0.0.0/0',
  });
  PRIVATE_SUBNET_CIDRS.forEach((cidr, index) => {
    new VpcSecurityGroupIngressRule(scope, `nat_ingress_https_${index}`, {
      securityGroupId: natSecurityGroup.id,
      description: `HTTPS from private subnet ${index}`,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: cidr,
    });
  });
  new VpcSecurityGroupEgressRule(scope, 'nat_egress_https', {
    securityGroupId: natSecurityGroup.id,
    description: 'HTTPS to AWS public endpoints',
    ipProtocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIpv4: '0.0.0.0/0',
  });

  const natAmi = new DataAwsSsmParameter(scope, 'nat_ami', { name: NAT_AMI_PARAMETER });
  const nat = new Instance(scope, 'nat_instance', {
    ami: natAmi.value,
    instanceType: NAT_INSTANCE_TYPE,
    subnetId: publicSubnets[0]?.id,
    associatePublicIpAddress: true,
    sourceDestCheck: false,
    vpcSecurityGroupIds: [natSecurityGroup.id],
    metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
    maintenanceOptions: { autoRecovery: 'default' },
    rootBlockDevice: { volumeType: 'gp3', volumeSize: 8, encrypted: true },
    userData: NAT_USER_DATA,
    userDataReplaceOnChange: true,
    tags: { Name: name('nat') },
    lifecycle: { ignoreChanges: ['ami'] },
  });
  new Route(scope, 'route_private_nat', {
    routeTableId: privateRoutes.id,
    destinationCidrBlock: '0.0.0.0/0',
    networkInterfaceId: nat.primaryNetworkInterfaceId,
  });

  const cloudFront = new DataAwsEc2ManagedPrefixList(scope, 'cloudfront_origin_facing', { name: CLOUDFRONT_ORIGIN_PREFIX_LIST });

  return {
    vpc,
    vpcId: vpc.id,
    availabilityZones,
    publicSubnetIds: publicSubnets.map((subnet) => subnet.id),
    privateSubnetIds: privateSubnets.map((subnet) => subnet.id),
    lambdaSecurityGroupId: lambdaSecurityGroup.id,
    cloudFrontPrefixListId: cloudFront.id,
    securityGroup,
    // The CloudFront prefix list counts as ~55 rules against a security group's quota of 60, so each
    // port that admits CloudFront gets a group of its own.
    admitFromCloudFront(groupScope, id, groupName, port) {
      const group = securityGroup(groupScope, id, groupName, `Port ${port} from CloudFront only`);
      new VpcSecurityGroupIngressRule(groupScope, `${id}_ingress`, {
        securityGroupId: group.id,
        description: `port ${port} from CloudFront origin-facing addresses only`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        prefixListId: cloudFront.id,
      });
      return group;
    },
  };
}

// Runs once at first boot; the systemd unit re-applies forwarding and masquerading at every boot
// (auto recovery reboots the instance on new hardware).
const NAT_USER_DATA = `#!/bin/bash
set -euo pipefail
dnf install -y iptables-nft
cat > /usr/local/sbin/nat-up <<'EOF'
#!/bin/bash
set -euo pipefail
sysctl -w net.ipv4.ip_forward=1
interface=$(ip route show default | awk '{print $5; exit}')
iptables -t nat -C POSTROUTING -o "$interface" -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$interface" -j MASQUERADE
EOF
chmod 755 /usr/local/sbin/nat-up
cat > /etc/systemd/system/nat.service <<'EOF'
[Unit]
Description=Forward and masquerade the private subnets
After=network-online.target
Wants=network-online.target
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/nat-up
RemainAfterExit=yes
[Install]
WantedBy=multi-user.target
EOF
systemctl enable --now nat.service
`;
