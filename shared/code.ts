/**
 * Facts from the Housing Ombudsman's Complaint Handling Code that do not vary
 * by landlord. What varies by landlord lives in `shared/config/landlord.json`
 * (the ombudsman's details are read from there and named here).
 */
import { addWorkingDays, type IsoDate } from './working-days.ts';
import { landlord, type LandlordConfig } from './config/landlord.ts';

/** Working-day timescales of the two-stage process. */
export const TIMESCALES = {
  /** Code 6.2: acknowledged, defined and logged at stage 1 within 5 working days of receipt. */
  stage1Acknowledge: 5,
  /** Code 6.3: stage 1 response within 10 working days of acknowledgement. */
  stage1Response: 10,
  /** Code 6.4: an extension of no more than 10 working days without good reason. */
  stage1Extension: 10,
  /** Code 6.11: stage 2 request acknowledged within 5 working days. */
  stage2Acknowledge: 5,
  /** Code 6.14: stage 2 final response within 20 working days of acknowledgement. */
  stage2Response: 20,
  /** Code 6.15: a stage 2 extension of no more than 20 working days without good reason. */
  stage2Extension: 20,
} as const;

/** Code 2.3: complaints are accepted within 12 months of the issue or of becoming aware of it. */
export const COMPLAINT_TIME_LIMIT_MONTHS = 12;

/**
 * Code 3.7: how to reach the ombudsman, with the date the details were checked. They vary by landlord
 * (the Housing Ombudsman in England, the Public Services Ombudsman for Wales in Wales), so they live in
 * landlord.json (`ombudsman`); these names are kept for the pages, emails and the lifecycle's records.
 */
export const OMBUDSMAN = landlord.ombudsman;
export type OmbudsmanDetails = LandlordConfig['ombudsman'];

/** When the details above were last checked against the Ombudsman's published contact details. */
export const OMBUDSMAN_CHECKED_ON = landlord.ombudsman.checkedOn;

/**
 * For a council landlord (landlord.json `council: true`): complaints about homelessness and the
 * allocation of homes go to the Local Government and Social Care Ombudsman, not the Housing Ombudsman.
 */
export const LGSCO = {
  name: 'Local Government and Social Care Ombudsman',
  phone: '0300 061 0614',
  website: 'https://www.lgo.org.uk',
} as const;

/** Code 6.2: the date by which a complaint received on `receivedOn` must be acknowledged. */
export function acknowledgeBy(receivedOn: IsoDate): IsoDate {
  return addWorkingDays(receivedOn, TIMESCALES.stage1Acknowledge);
}

/**
 * Code 2.3: whether something that happened (or became known) on `happenedOn`
 * is more than 12 months before `today`. Such a complaint is never refused by
 * the form: the landlord must consider it on its merits (Code 2.5).
 */
export function isOlderThanTimeLimit(happenedOn: IsoDate, today: IsoDate): boolean {
  const [y, m, d] = happenedOn.split('-').map(Number) as [number, number, number];
  const limit = new Date(Date.UTC(y, m - 1 + COMPLAINT_TIME_LIMIT_MONTHS, d));
  // A date like 29 Feb + 12 months rolls to 1 Mar, which is the generous reading.
  return limit.toISOString().slice(0, 10) < today;
}
