import type { paths } from '@loyalty/api-clients/customer';
import { createApiAccess } from '../../shared/api-access.js';
import { config } from './config.js';
import { problemMessage } from './problems.js';
import { type Session, sessions } from './session.js';

export const { api, ok } = createApiAccess<paths, Session>(config.apiUrl, sessions, problemMessage);
