/** Whether a row that has now failed `attempts` times is poison: parked for ops instead of retried. */
export type ParkPolicy = (attempts: number, error: string) => boolean;

export function parkAfterAttempts(maxAttempts: number): ParkPolicy {
  return (attempts) => attempts >= maxAttempts;
}
