/**
 * Asking for reasonable adjustments with no complaint (server/routes/adjustment-requests.ts) in the OpenAPI
 * document (server/routes/meta.ts).
 */
import { AdjustmentRequestSchema, WithdrawDisclosureSchema } from '../../shared/schemas/adjustments.ts';
import { errorResponse, jsonBody } from './openapi-parts.ts';

const request = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/AdjustmentRequest' } } },
});
const token = [{ adjustmentToken: [] }];
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const notOpened = errorResponse("No token, or not this request's (access_token): the same for a request that does not exist.");

export function adjustmentsOpenApi() {
  return {
    paths: {
      '/api/adjustment-requests': {
        post: {
          summary: 'Ask for reasonable adjustments, with no complaint (Code 3.1, 5.10)',
          description:
            'The needs, from a list, each with optional words; optionally and separately a disability or condition, which is kept ' +
            'only with `disclosure.consent: true` (refused otherwise: consent_required at `disclosure.consent`). A replay of the same ' +
            'request with the same Idempotency-Key answers the same request with a new accessToken (the earlier one stops working).',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } }],
          requestBody: jsonBody(AdjustmentRequestSchema),
          responses: {
            '201': request('The request as kept, with `accessToken` (opens it: Authorization: Bearer).'),
            '400': errorResponse('Missing or malformed Idempotency-Key, empty body or malformed JSON.'),
            '409': errorResponse('The Idempotency-Key was already used for a different request.'),
            '422': errorResponse('Validation failed: every failing field, with its path and code.'),
          },
        },
      },
      '/api/adjustment-requests/{id}': {
        get: {
          summary: 'The request, for the device that made it',
          security: token,
          parameters: [id],
          responses: { '200': request('The request as kept.'), '401': notOpened },
        },
      },
      '/api/adjustment-requests/{id}/withdraw-disclosure': {
        post: {
          summary: 'Withdraw consent: what was disclosed is deleted, and that it was deleted is recorded',
          description: 'Body `{}`. The needs asked for are kept. Nothing disclosed, or already deleted: nothing changes.',
          security: token,
          parameters: [id],
          requestBody: jsonBody(WithdrawDisclosureSchema),
          responses: { '200': request('The request as it now stands.'), '401': notOpened },
        },
      },
    },
    securitySchemes: {
      adjustmentToken: { type: 'http', scheme: 'bearer', description: 'The accessToken from the answer to POST /api/adjustment-requests.' },
    },
    schemas: {
      AdjustmentRequest: {
        type: 'object',
        required: ['id', 'requestedBy', 'requestedAt', 'resident', 'needs', 'disclosure'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          requestedBy: { enum: ['resident', 'representative'] },
          requestedAt: { type: 'string', format: 'date-time' },
          resident: { type: 'object' },
          needs: { type: 'array', items: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' }, details: { type: 'string' } } } },
          disclosure: {
            type: ['object', 'null'],
            properties: { details: { type: 'string' }, consentAt: { type: 'string', format: 'date-time' } },
            description: 'What was disclosed, while consent stands; null when nothing was, or once consent is withdrawn.',
          },
          accessToken: { type: 'string', description: 'Only in the answer to POST.' },
        },
      },
    },
  };
}
