import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import type { Construct } from 'constructs';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** A role that one AWS service assumes, for this account only, with its own inline policy. */
export function serviceRole(
  scope: Construct,
  id: string,
  props: { name: string; service: string; accountId: string; description: string; statements: PolicyStatement[] },
): IamRole {
  const role = new IamRole(scope, `role_${id}`, {
    name: props.name,
    description: props.description,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: props.service },
          Action: 'sts:AssumeRole',
          // EC2 sends no source account; the condition guards the others against a confused deputy.
          ...(props.service === 'ec2.amazonaws.com' ? {} : { Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } } }),
        },
      ],
    }),
  });
  if (props.statements.length > 0) {
    new IamRolePolicy(scope, `role_${id}_policy`, { name: `${props.name}-policy`, role: role.id, policy: policyDocument(props.statements) });
  }
  return role;
}
