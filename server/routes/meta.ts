/**
 * GET /api/health: the app's and the database's status.
 * GET /api/openapi.json: the API described from the same schemas that validate it.
 */
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { toJsonSchema } from '@valibot/to-json-schema';
import { ERROR_CODES } from '../../shared/errors.ts';
import { REFERENCE_PATTERN } from '../../shared/reference.ts';
import { ATTACHMENT_TYPES, ComplaintSchema, LIMITS } from '../../shared/schemas/complaint.ts';
import type { Database } from '../db/client.ts';
import { adjustmentsOpenApi } from './adjustments-openapi.ts';
import { lifecycleOpenApi } from './lifecycle-openapi.ts';
import { signInOpenApi } from './sign-in-openapi.ts';

/** The version the API reports: the one in package.json, so a release changes it in one place. */
export const APP_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export function healthRoutes(database: Database) {
  return new Hono().get('/', async (c) => {
    const ok = await database.ping();
    c.header('Cache-Control', 'no-store');
    return c.json(
      { status: ok ? 'ok' : 'unavailable', version: APP_VERSION, database: { kind: database.kind, status: ok ? 'ok' : 'unavailable' } },
      ok ? 200 : 503,
    );
  });
}

/** Builds the OpenAPI 3.1 document; the complaint schema comes from shared/schemas. */
export function openApiDocument(): Record<string, unknown> {
  // Cross-field rules (a contact detail for the preferred way, consent…) are not expressible in JSON Schema: they are described in prose.
  const complaint = toJsonSchema(ComplaintSchema, { errorMode: 'ignore', target: 'draft-2020-12' });
  const error = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code'],
        properties: {
          code: { type: 'string', enum: ['validation', ...ERROR_CODES] },
          issues: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'code'],
              properties: {
                path: { type: 'array', items: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
                code: { type: 'string', enum: [...ERROR_CODES] },
              },
            },
          },
        },
      },
    },
  };
  const errorResponse = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const lifecycle = lifecycleOpenApi();
  const signIn = signInOpenApi();
  const adjustments = adjustmentsOpenApi();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Complaints API',
      version: APP_VERSION,
      description:
        "Make a complaint under the Housing Ombudsman's Complaint Handling Code. Errors are codes, never English: the app translates them.",
    },
    paths: {
      '/api/complaints': {
        post: {
          summary: 'Make a complaint',
          description:
            'Send the complaint as JSON, or as multipart/form-data with a `complaint` part (the same JSON) and up to ' +
            `${LIMITS.attachments} \`attachments\` (${ATTACHMENT_TYPES.join(', ')}; at most ${LIMITS.attachmentBytes} bytes each, ` +
            'checked against their content). Also checked: a contact detail for the preferred way of contact, an address or ' +
            "tenancy reference, a representative's contact detail and the resident's permission, and consent to keep support details. " +
            'Sending the same Idempotency-Key again returns the same receipt and never creates a second complaint.',
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: true,
              description: 'A UUID made on the device when the draft was started.',
              schema: { type: 'string', format: 'uuid' },
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Complaint' } },
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['complaint'],
                  properties: {
                    complaint: { $ref: '#/components/schemas/Complaint' },
                    attachments: { type: 'array', maxItems: LIMITS.attachments, items: { type: 'string', format: 'binary' } },
                  },
                },
                encoding: { complaint: { contentType: 'application/json' } },
              },
            },
          },
          responses: {
            '201': {
              description: 'Received (or, for a repeated Idempotency-Key, the first receipt again, with `Idempotent-Replayed: true`).',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Receipt' } } },
            },
            '400': errorResponse('Missing or malformed Idempotency-Key, empty body or malformed JSON.'),
            '409': errorResponse('The Idempotency-Key was already used for a different complaint.'),
            '413': errorResponse('The body is over the size limit.'),
            '415': errorResponse('Not JSON or multipart/form-data.'),
            '422': errorResponse('Validation failed: every failing field, with its path and code.'),
          },
        },
      },
      ...lifecycle.paths,
      ...signIn.paths,
      ...adjustments.paths,
      '/api/health': {
        get: {
          summary: 'Health of the app and its database',
          responses: { '200': { description: 'Healthy' }, '503': { description: 'The database does not answer' } },
        },
      },
    },
    components: {
      securitySchemes: { ...lifecycle.securitySchemes, ...signIn.securitySchemes, ...adjustments.securitySchemes },
      schemas: {
        Complaint: complaint,
        Receipt: {
          type: 'object',
          required: ['reference', 'receivedAt', 'acknowledgeBy', 'accessToken'],
          properties: {
            reference: { type: 'string', pattern: REFERENCE_PATTERN.source },
            receivedAt: { type: 'string', format: 'date-time' },
            acknowledgeBy: { type: 'string', format: 'date', description: 'Code 6.2: five working days after the day received.' },
            accessToken: {
              type: 'string',
              description:
                'Opens this complaint (Authorization: Bearer) for the phone that sent it; keep it with the receipt. A replayed receipt carries a new one.',
            },
          },
        },
        Error: error,
        ...signIn.schemas,
        ...adjustments.schemas,
      },
    },
  };
}

export function openApiRoutes(): Hono {
  const document = openApiDocument();
  return new Hono().get('/', (c) => c.json(document));
}
