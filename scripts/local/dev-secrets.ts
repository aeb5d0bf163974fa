/**
 * The unsubscribe links' secret when none is set: fixed, so that `npm start`'s customer API and a
 * campaign sender deployed into LocalStack by another command agree. A local development value only;
 * terraform draws the real one into Secrets Manager.
 */
export const LOCAL_UNSUBSCRIBE_SIGNING_SECRET = 'local-development-unsubscribe-signing-secret';
