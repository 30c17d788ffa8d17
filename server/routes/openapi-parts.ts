/** Pieces the OpenAPI sections share (sign-in-openapi.ts, adjustments-openapi.ts). */
import { toJsonSchema } from '@valibot/to-json-schema';

/** A response with the error envelope (shared/errors.ts). */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** A required JSON request body, described by its valibot schema. */
export const jsonBody = (schema: Parameters<typeof toJsonSchema>[0]) => ({
  required: true,
  content: { 'application/json': { schema: toJsonSchema(schema, { errorMode: 'ignore', target: 'draft-2020-12' }) } },
});
