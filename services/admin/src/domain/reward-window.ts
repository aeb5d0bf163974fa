import { AppError } from '@loyalty/platform';

/** A catalog reward's validity window, when both ends are set, must not be empty. */
export function assertValidWindow(validFrom: Date | null | undefined, validUntil: Date | null | undefined): void {
  if (validFrom && validUntil && validUntil <= validFrom) {
    throw AppError.badRequest('VALIDATION_FAILED', 'The request is not valid', { errors: [{ path: 'validUntil', message: 'must be after validFrom' }] });
  }
}
