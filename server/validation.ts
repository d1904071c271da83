// Shared input rules.
import { z } from 'zod';

/** A row id: a positive whole number that fits PostgreSQL's integer, so a huge one is a 400, not a crash. */
export const dbId = z.number().int().positive().max(2_147_483_647, 'No such id');
