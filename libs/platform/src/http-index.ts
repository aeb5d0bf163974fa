export { healthEndpoints, type HealthChecks, type CheckStatus } from './health.js';
export { correlation, problemDetails, parseInput, jsonBody, requestLog, refuseUnparsableRequest, CORRELATION_HEADER } from './http.js';
export { createHttpApp, createHealthApp, type HttpAppOptions } from './http-app.js';
export { securityHeaders, cors } from './http-hardening.js';
export { ApiRouter, type ApiInfo, type SecurityScheme } from './api/api-router.js';
export type { Endpoint, EndpointInput, EndpointResponse, HttpMethod } from './api/endpoint.js';
export { requestOrigin } from './request-origin.js';
