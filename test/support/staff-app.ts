import { startApp, type AppUnderTest } from './served-apps.js';

export type StaffAppUnderTest = AppUnderTest;

/** The staff app built as for production, served on a free port, talking to the real system (processors on), whose CORS allows it. */
export function startStaffApp(): Promise<StaffAppUnderTest> {
  return startApp('staff');
}
