import { AppError } from '@loyalty/platform';
import type { ProgramStatus } from '@loyalty/db/model';

/** draft → active ⇄ paused → ended. */
export const programTransitions = {
  activate: { from: ['draft'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  end: { from: ['active', 'paused'], to: 'ended' },
} as const satisfies Record<string, { from: readonly ProgramStatus[]; to: ProgramStatus }>;

export type ProgramAction = keyof typeof programTransitions;

export function nextProgramStatus(current: ProgramStatus, action: ProgramAction): ProgramStatus {
  const transition = programTransitions[action];
  if (!(transition.from as readonly ProgramStatus[]).includes(current)) {
    throw AppError.conflict('INVALID_PROGRAM_TRANSITION', `A ${current} program cannot ${action}; allowed from: ${transition.from.join(', ')}`);
  }
  return transition.to;
}

export function assertEditable(status: ProgramStatus): void {
  if (status === 'ended') throw AppError.conflict('PROGRAM_ENDED', 'An ended program can no longer be changed');
}
