import type { PolicyDocument, PolicyStatement } from '../../src/iam-documents.js';
import { type Block, parseJson } from './synthesized.js';

interface Resources {
  resources(type: string): Record<string, Block>;
}

/** Every statement of every inline policy attached to the role with this logical id. */
export function roleStatements(synthesized: Resources, roleId: string): PolicyStatement[] {
  const role = `\${aws_iam_role.${roleId}.id}`;
  const policies = Object.values(synthesized.resources('aws_iam_role_policy')).filter((policy) => policy.role === role);
  if (policies.length === 0) throw new Error(`role ${roleId} has no inline policy`);
  return policies.flatMap((policy) => (parseJson(policy.policy) as PolicyDocument).Statement);
}

/** Statements that give more than they name: a wildcard action, or "*" as resource for actions that have resources. */
export function overlyBroadStatements(statements: PolicyStatement[], actionsWithoutResources: readonly string[]): PolicyStatement[] {
  return statements.filter(
    (statement) =>
      statement.Action.some((action) => action.includes('*')) ||
      statement.Resource.some((resource) => resource === '*' && statement.Action.some((action) => !actionsWithoutResources.includes(action))),
  );
}

export function managedPolicyArns(synthesized: Resources, roleId: string): unknown[] {
  return Object.values(synthesized.resources('aws_iam_role_policy_attachment'))
    .filter((attachment) => attachment.role === `\${aws_iam_role.${roleId}.name}` || attachment.role === `\${aws_iam_role.${roleId}.id}`)
    .map((attachment) => attachment.policy_arn);
}
