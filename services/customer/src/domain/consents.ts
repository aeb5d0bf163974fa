import { consentChannels, type ConsentChannel, type Consents } from '@loyalty/db/model';

export type ConsentChoices = Partial<Record<ConsentChannel, boolean>>;

/** A channel's `at` records when the customer last changed their mind, so repeating a choice keeps it. */
export function applyConsentChoices(current: Consents, choices: ConsentChoices, now: Date): Consents {
  const next: Consents = { ...current };
  for (const channel of consentChannels) {
    const granted = choices[channel];
    if (granted === undefined || current[channel]?.granted === granted) continue;
    next[channel] = { granted, at: now.toISOString() };
  }
  return next;
}
