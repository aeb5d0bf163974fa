import { z } from 'zod';

const id = z.uuid();

export const businessParams = z.object({ businessId: id });
