import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Codes reach the user by email; cognito-local stores the code on the user record, where we read it. */
export async function codeFor(userPoolId: string, email: string): Promise<string> {
  const file = join(process.env.TEST_COGNITO_DATA_DIR ?? '', '.cognito', 'db', `${userPoolId}.json`);
  const { Users } = JSON.parse(await readFile(file, 'utf8')) as {
    Users: Record<string, { Attributes: { Name: string; Value: string }[]; ConfirmationCode?: string }>;
  };
  const user = Object.values(Users).find((u) => u.Attributes.some((a) => a.Name === 'email' && a.Value === email));
  if (!user?.ConfirmationCode) throw new Error(`no code stored for ${email}`);
  return user.ConfirmationCode;
}
