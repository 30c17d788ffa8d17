/**
 * A request for reasonable adjustments (Code 3.1, 5.10; Equality Act 2010), made with no complaint: what would help
 * someone use the complaints process, from a list of common needs each with optional words, and, separately and
 * only if they wish, a disability or condition disclosed, kept only with explicit consent (UK GDPR art. 9).
 */
import * as v from 'valibot';
import { LANGUAGES } from '../languages.ts';
import { LIMITS, SUBMITTED_BY, email, has, optionalText, phone, text } from './complaint.ts';

/** The common needs, each asked with a plain explanation; `other` is anything else, in words. */
export const ADJUSTMENT_NEEDS = [
  'contact_method',
  'contact_times',
  'large_print',
  'easy_read',
  'braille',
  'audio',
  'sign_language_interpreter',
  'spoken_language_interpreter',
  'translated_letters',
  'more_time',
  'named_contact',
  'someone_with_me',
  'representative',
  'accessible_meetings',
  'other',
] as const;

export type AdjustmentNeedKind = (typeof ADJUSTMENT_NEEDS)[number];

export const AdjustmentNeedSchema = v.strictObject(
  {
    kind: v.picklist(ADJUSTMENT_NEEDS, 'choice'),
    /** Which method, which times, which language…: in the person's own words. */
    details: optionalText(LIMITS.mediumText),
  },
  'type',
);

export const AdjustmentRequestSchema = v.pipe(
  v.strictObject(
    {
      /** Code 3.6: a representative may ask for the resident. */
      requestedBy: v.picklist(SUBMITTED_BY, 'choice'),
      resident: v.strictObject(
        {
          name: text(LIMITS.name),
          address: optionalText(LIMITS.address),
          tenancyReference: optionalText(LIMITS.reference),
          email,
          phone,
        },
        'type',
      ),
      needs: v.pipe(v.array(AdjustmentNeedSchema, 'type'), v.minLength(1, 'required'), v.maxLength(ADJUSTMENT_NEEDS.length, 'too_long')),
      /** Optional and separate from the needs: a disability or condition, kept only with explicit consent. */
      disclosure: v.optional(
        v.strictObject({ details: optionalText(LIMITS.mediumText), consent: v.optional(v.boolean('type')) }, 'type'),
      ),
      language: v.optional(v.picklist(LANGUAGES, 'choice')),
    },
    'type',
  ),
  v.forward(
    v.partialCheck(
      [['resident', 'email'], ['resident', 'phone'], ['resident', 'address']],
      // Someone must be able to answer the request.
      (input) => has(input.resident.email) || has(input.resident.phone) || has(input.resident.address),
      'required',
    ),
    ['resident', 'email'],
  ),
  v.forward(
    v.partialCheck(
      [['disclosure', 'details'], ['disclosure', 'consent']],
      // Special-category data is kept only with explicit consent: refused, never quietly dropped.
      (input) => !has(input.disclosure?.details) || input.disclosure?.consent === true,
      'consent_required',
    ),
    ['disclosure', 'consent'],
  ),
);

export type AdjustmentRequestInput = v.InferInput<typeof AdjustmentRequestSchema>;
export type AdjustmentRequest = v.InferOutput<typeof AdjustmentRequestSchema>;

/** Withdrawing consent to keep what was disclosed: no body but `{}`. */
export const WithdrawDisclosureSchema = v.strictObject({}, 'unknown_field');
