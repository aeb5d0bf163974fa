export { documentClient, tableName } from './document-client.js';
