import { runProcess } from '@loyalty/runtime';
import { loadExporterConfig } from './config.js';
import { startExporter } from './local.js';

await runProcess('exporter', (logger) => startExporter(loadExporterConfig(), logger));
