/**
 * The lifecycle endpoints in the OpenAPI document (server/routes/meta.ts): every
 * action's body from the same schemas that validate it (shared/schemas/lifecycle.ts).
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { RESIDENT_ACTION_SCHEMAS, STAFF_ACTION_SCHEMAS } from '../../shared/schemas/lifecycle.ts';

const json = (schema: v.GenericSchema) => toJsonSchema(schema, { errorMode: 'ignore', target: 'draft-2020-12' });
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const reference = { name: 'reference', in: 'path', required: true, schema: { type: 'string' }, description: 'The complaint reference, e.g. K7QM-4XPT.' };
const key = (required: boolean) => ({
  name: 'Idempotency-Key',
  in: 'header',
  required,
  description: 'A UUID made when the action was written: the same key again returns the record without acting twice.',
  schema: { type: 'string', format: 'uuid' },
});
/** The phone that sent it (its token), or a signed-in resident or representative (server/routes/sign-in-openapi.ts). */
const bearer = [{ complaintToken: [] }, { residentSession: [] }];
const staffSession = [{ staffSession: [] }];

const SUMMARIES: Record<string, string> = {
  acknowledge: 'Acknowledge and define the complaint at its stage (Code 6.2, 6.11, 5.6, 5.7)',
  'amend-definition': 'Amend the complaint definition, answering a correction if given (5.6)',
  'ask-clarification': 'Ask the resident a question (5.6)',
  extend: 'Extend the response deadline, with a reason the resident reads (6.4, 6.15)',
  'agree-update-interval': 'Record the update interval agreed with the resident (5.9)',
  'send-update': 'Send the resident an update',
  respond: 'Send the stage response: a decision with reasons on each point, remedies and actions (6.9, 6.19)',
  'complete-action': 'Mark a remedy or outstanding action done (6.6, 7.3)',
  'not-accept': 'Do not accept the complaint, under one of the policy exclusions (2.1-2.4)',
  'refuse-escalation': 'Refuse the escalation, under one of the policy exclusions (5.11)',
  'escalate-for-resident': 'Record a stage 2 request the resident made another way (6.11)',
  withdraw: 'Record that the resident withdrew the complaint',
  'log-new-complaint': 'Log a new issue as a new complaint (6.8)',
  'answer-clarification': "Answer the landlord's question",
  'request-correction': 'Say the complaint definition is not quite right (5.6)',
  escalate: 'Ask for stage 2: no reason needed (6.12)',
  'send-message':
    'Send a message, with up to 5 photos or documents as multipart `attachments` beside a `message` part (the JSON); it goes on the record (6.8)',
};

/** An action's body: JSON, and for one that takes files the same JSON as a multipart part beside them. */
function requestBody(name: string, schema: v.GenericSchema) {
  const body = json(schema);
  if (name !== 'send-message') return { required: true, content: { 'application/json': { schema: body } } };
  return {
    required: true,
    content: {
      'application/json': { schema: body },
      'multipart/form-data': {
        schema: {
          type: 'object',
          required: ['message'],
          properties: {
            message: body,
            attachments: { type: 'array', maxItems: LIMITS.attachments, items: { type: 'string', format: 'binary' } },
          },
        },
        encoding: { message: { contentType: 'application/json' } },
      },
    },
  };
}

/** Downloading a file of a message, for whoever may see the complaint. */
function filePath(staff: boolean) {
  return {
    get: {
      summary: 'A photo or document sent with a message, as a download',
      security: staff ? staffSession : bearer,
      parameters: [
        reference,
        { name: 'messageId', in: 'path', required: true, schema: { type: 'string' }, description: 'The message, e.g. m1.' },
        { name: 'position', in: 'path', required: true, schema: { type: 'integer' }, description: 'The file among the message\'s, from 0.' },
      ],
      responses: { '200': { description: 'The file, as `Content-Disposition: attachment`.' }, '401': error('Not allowed to see the complaint.'), '404': error('No such file.') },
    },
  };
}

function actionPaths(prefix: string, schemas: Record<string, v.GenericSchema>, staff: boolean) {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      `${prefix}/{reference}/${name}`,
      {
        post: {
          summary: SUMMARIES[name] ?? name,
          security: staff ? staffSession : bearer,
          parameters: [reference, key(!staff)],
          requestBody: requestBody(name, schema),
          responses: {
            '200': { description: staff ? 'The case as it now stands (as GET).' : 'The record as it now stands (as GET).' },
            '400': error('Missing or malformed Idempotency-Key, empty or malformed body.'),
            '401': error(staff ? 'Not signed in (staff_signed_out).' : 'No token, or not this complaint\'s token (access_token).'),
            '403': error(staff ? 'From another site (cross_site), or the stage 1 decider at stage 2 (same_officer_stage2).' : 'Not allowed.'),
            '404': error('No such complaint or action.'),
            '409': error('Not allowed in the complaint\'s current state (not_allowed_now, escalation_not_open…), or the key was used for another request.'),
            '415': error('Not JSON.'),
            '422': error('Validation failed, or the state machine refused a field: every issue with its path and code.'),
          },
        },
      },
    ]),
  );
}

export function lifecycleOpenApi() {
  return {
    paths: {
      '/api/complaints/{reference}': {
        get: {
          summary: "The record of a complaint the resident may see: status, stage, every deadline as a date, the definition, responses, remedies and the Ombudsman's details",
          security: bearer,
          parameters: [reference],
          responses: {
            '200': { description: 'The record' },
            '401': error('No token, or not this complaint\'s token (access_token); a session that has ended (signed_out).'),
            '404': error('Signed in, but not their complaint (or none with that reference): not_found.'),
          },
        },
      },
      ...actionPaths('/api/complaints', RESIDENT_ACTION_SCHEMAS, false),
      '/api/complaints/{reference}/messages/{messageId}/attachments/{position}': filePath(false),
      '/api/staff/complaints/{reference}/messages/{messageId}/attachments/{position}': filePath(true),
      '/api/staff/complaints': {
        get: {
          summary: 'The queue: complaints by next deadline, overdue and due soon marked',
          security: staffSession,
          parameters: [
            { name: 'stage', in: 'query', schema: { type: 'string', enum: ['1', '2'] } },
            { name: 'status', in: 'query', schema: { type: 'string' }, description: '`open` (default), `all`, or a status.' },
          ],
          responses: { '200': { description: 'The queue' }, '401': error('Not signed in.'), '422': error('A bad filter.') },
        },
      },
      '/api/staff/complaints/reports': {
        get: {
          summary: 'Performance figures (Code 8.1, 9.7) for complaints received in a period, as JSON or CSV',
          security: staffSession,
          parameters: [
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } },
          ],
          responses: { '200': { description: 'The figures' }, '401': error('Not signed in.'), '422': error('A bad period.') },
        },
      },
      '/api/staff/complaints/{reference}': {
        get: {
          summary: 'The whole record of a complaint (Code 5.12) with the actions available now',
          security: staffSession,
          parameters: [reference],
          responses: { '200': { description: 'The case' }, '401': error('Not signed in.'), '404': error('No such complaint.') },
        },
      },
      ...actionPaths('/api/staff/complaints', STAFF_ACTION_SCHEMAS, true),
    },
    securitySchemes: {
      complaintToken: { type: 'http', scheme: 'bearer', description: 'The accessToken from the receipt of POST /api/complaints.' },
      staffSession: { type: 'apiKey', in: 'cookie', name: '__Host-staff_session', description: 'Staff sign-in session.' },
    },
  };
}
