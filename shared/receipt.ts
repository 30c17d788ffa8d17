/** What the API answers for a complaint received, and the phone keeps: its reference and dates. */
export interface Receipt {
  /** `K7QM-4XPT` (shared/reference.ts). */
  reference: string;
  /** When it was received (ISO instant). */
  receivedAt: string;
  /** Code 6.2: the date the landlord must acknowledge it by (ISO date). */
  acknowledgeBy: string;
  /** Opens this complaint from this phone (Authorization: Bearer); the server keeps only its hash. */
  accessToken?: string;
}

/** Whether an answer is one of our receipts (a captive portal's page is not). */
export function isReceipt(value: unknown): value is Receipt {
  const r = value as Partial<Receipt> | null;
  return typeof r?.reference === 'string' && typeof r.receivedAt === 'string' && typeof r.acknowledgeBy === 'string';
}
