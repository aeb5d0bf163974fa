import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy/index.js';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import type { Construct } from 'constructs';

/** One repository per image the pipeline builds; the ECS task runs all three. */
export const imageNames = ['customer-api', 'admin-api', 'outbox-relay'] as const;
export type ImageName = (typeof imageNames)[number];

export const KEEP_TAGGED_IMAGES = 10;
export const EXPIRE_UNTAGGED_AFTER_DAYS = 3;

export type Repositories = Record<ImageName, EcrRepository>;

/**
 * Tags are immutable, so a tag names one image forever and a deploy by tag is as exact as one by
 * digest. Every push is scanned. The lifecycle keeps the last images for a rollback and drops the
 * untagged layers a re-push leaves behind.
 */
export function addContainerRegistry(scope: Construct, name: (logicalName: string) => string): Repositories {
  const repositories = {} as Repositories;
  for (const image of imageNames) {
    const repository = new EcrRepository(scope, `ecr_${image.replace(/-/g, '_')}`, {
      name: name(image),
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'AES256' }],
    });
    new EcrLifecyclePolicy(scope, `ecr_${image.replace(/-/g, '_')}_lifecycle`, {
      repository: repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${EXPIRE_UNTAGGED_AFTER_DAYS} days`,
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: EXPIRE_UNTAGGED_AFTER_DAYS },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${KEEP_TAGGED_IMAGES} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: KEEP_TAGGED_IMAGES },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    repositories[image] = repository;
  }
  return repositories;
}

/** `repo:tag`, or `repo@sha256:...` when the pipeline hands over a digest. */
export function imageReference(repository: EcrRepository, tagOrDigest: string): string {
  return tagOrDigest.startsWith('sha256:') ? `${repository.repositoryUrl}@${tagOrDigest}` : `${repository.repositoryUrl}:${tagOrDigest}`;
}
