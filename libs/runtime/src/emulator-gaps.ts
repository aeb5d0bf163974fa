import { AppError } from '@loyalty/platform';
import type { AwsClients } from '@loyalty/topology';

const NOT_SUPPORTED_BY_EMULATOR = 'NOT_SUPPORTED_BY_EMULATOR';

/**
 * cognito-local answers an operation it lacks (ResendConfirmationCode, AdminLinkProviderForUser,
 * AdminDisableProviderForUser, GlobalSignOut, ...) with a 500 `CognitoLocal#Unsupported`, which the SDK
 * retries and an API would pass on as a 500. Real Cognito never answers so. Here it becomes, at once,
 * a 501 NOT_SUPPORTED_BY_EMULATOR that names the operation: for a use case to work around, or for
 * the caller to read.
 */
export function surfaceEmulatorGaps(cognito: AwsClients['cognito']): void {
  cognito.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!(error instanceof Error && error.name === 'Unsupported')) throw error;
        const operation = (context.commandName ?? 'this operation').replace(/Command$/, '');
        throw new AppError({
          code: NOT_SUPPORTED_BY_EMULATOR,
          status: 501,
          detail: `The local Cognito emulator (cognito-local) has no ${operation}; it works against AWS Cognito`,
          extra: { operation },
          cause: error,
        });
      }
    },
    // Inside the retry step, so the SDK does not retry an answer that will never change.
    { step: 'deserialize', priority: 'high', name: 'surfaceEmulatorGaps' },
  );
}

export const isEmulatorGap = (error: unknown): boolean => error instanceof AppError && error.code === NOT_SUPPORTED_BY_EMULATOR;
