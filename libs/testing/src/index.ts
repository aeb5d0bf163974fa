export { createTestDatabase, adminQuery, withDatabase, type TestDatabase } from './database.js';
export { waitFor, type WaitOptions } from './wait.js';
export { uniquePrefix } from './prefix.js';
export { switchableProxy, type SwitchableProxy } from './switchable-proxy.js';
