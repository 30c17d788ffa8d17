/**
 * Code 6.2: the acknowledge-by date counts from the day the complaint is
 * received in England (Europe/London), not in UTC and not at a fixed offset.
 * Through receiveComplaint (its `now`), on an in-memory PGlite, with expected
 * dates worked out by hand from a calendar.
 */
import { eq } from 'drizzle-orm';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { complaints } from '../../server/db/schema.ts';
import { receiveComplaint } from '../../server/domain/complaints.ts';
import { ComplaintSchema } from '../../shared/schemas/complaint.ts';
import { newKey, validComplaint } from '../support/complaint-fixtures.ts';

let database: Database;

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
}, 60_000); // a fresh PGlite takes more than the default 10 s on a busy machine
afterAll(async () => {
  await database?.close();
});

describe('the acknowledge-by date of a complaint received late in the evening', () => {
  it.each([
    // Summer (BST, UTC+1): 23:30 UTC on Sunday 8 June 2025 is 00:30 on Monday 9 June in London.
    // Monday 9 is day 0; Tue 10, Wed 11, Thu 12, Fri 13, Mon 16. (In UTC it would be Sunday: Fri 13.)
    ['2025-06-08T23:30:00Z', '2025-06-16'],
    // A second before midnight in London on that Sunday: still Sunday 8, so Mon 9 … Fri 13.
    ['2025-06-08T22:59:59Z', '2025-06-13'],
    // Winter (GMT, UTC+0): 23:30 UTC on Thursday 9 January 2025 is still Thursday in London.
    // Fri 10, Mon 13, Tue 14, Wed 15, Thu 16. (A fixed +1 hour would make it Friday: Fri 17.)
    ['2025-01-09T23:30:00Z', '2025-01-16'],
    // Winter, bank holidays: Christmas Eve 2025 at 23:30 GMT is Wednesday 24 December.
    // Thu 25 and Fri 26 (Christmas, Boxing Day) and Thu 1 Jan do not count: Mon 29, Tue 30, Wed 31, Fri 2, Mon 5.
    ['2025-12-24T23:30:00Z', '2026-01-05'],
  ])('received at %s must be acknowledged by %s', async (instant, expected) => {
    const now = new Date(instant);
    const complaint = v.parse(ComplaintSchema, validComplaint());
    const { receipt, created } = await receiveComplaint(database.db, { idempotencyKey: newKey(), complaint, attachments: [], now });
    expect(created).toBe(true);
    expect(receipt.receivedAt).toBe(now.toISOString());
    expect(receipt.acknowledgeBy).toBe(expected);
    // Stored as given to the resident.
    const [row] = await database.db.select().from(complaints).where(eq(complaints.reference, receipt.reference));
    expect(row?.acknowledgeBy).toBe(expected);
  });
});
