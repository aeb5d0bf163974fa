import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { isQueueTrigger, lambdaFunctions, topology } from '../src/index.js';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('the Lambda function definitions', () => {
  it.each(Object.entries(lambdaFunctions))('%s points at a source file that exists', (_name, definition) => {
    expect(existsSync(repositoryRoot + definition.entry)).toBe(true);
  });

  it.each(Object.entries(lambdaFunctions).filter(([, definition]) => isQueueTrigger(definition.trigger)))(
    '%s finishes a batch before its queue makes the batch visible again',
    (_name, definition) => {
      if (!isQueueTrigger(definition.trigger)) throw new Error('filtered to queue triggers');
      expect(definition.timeoutSeconds).toBeLessThan(topology.queues[definition.trigger.queue].visibilityTimeoutSeconds);
    },
  );

  it('gives every consumed queue exactly one function', () => {
    const consumed = Object.values(lambdaFunctions).flatMap((definition) => (isQueueTrigger(definition.trigger) ? [definition.trigger.queue] : []));
    expect(new Set(consumed).size).toBe(consumed.length);
  });
});
