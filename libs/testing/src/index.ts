export { createTestDatabase, adminQuery, withDatabase, type TestDatabase } from './database.js';
export { waitFor, type WaitOptions } from './wait.js';
export { uniquePrefix } from './prefix.js';
