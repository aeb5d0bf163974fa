import { baseEnv, databaseEnv, loadConfig } from '@loyalty/platform';
import type { z } from 'zod';

export const processorEnv = baseEnv.extend(databaseEnv.shape);

export type ProcessorConfig = z.infer<typeof processorEnv>;

export const loadProcessorConfig = (env: NodeJS.ProcessEnv = process.env): ProcessorConfig => loadConfig(processorEnv, env);
