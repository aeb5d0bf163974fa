export { AppError, type AppErrorOptions } from './errors.js';
export { loadConfig, baseEnv, databaseEnv, ConfigError, type BaseConfig } from './config.js';
export { createLogger, withLogContext, currentLogContext, type Logger, type LogContext } from './logger.js';
export { healthEndpoints, type HealthChecks, type CheckStatus } from './health.js';
export { correlation, problemDetails, parseInput, jsonBody, requestLog, CORRELATION_HEADER } from './http.js';
export { createHttpApp } from './http-app.js';
export { ApiRouter, type ApiInfo } from './api/api-router.js';
export type { Endpoint, EndpointInput, EndpointResponse, HttpMethod } from './api/endpoint.js';
export { pageQuery, pageOf, encodeCursor, decodeCursor, toPage, type Page } from './pagination.js';
