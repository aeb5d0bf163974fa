export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}
