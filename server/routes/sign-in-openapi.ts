/**
 * Residents' sign-in by email in the OpenAPI document (server/routes/meta.ts): the
 * endpoints of server/routes/resident-sessions.ts and the shape of "your complaints"
 * (shared/schemas/sign-in.ts MyComplaint), which the app's list reads.
 */
import { SessionStartSchema, SignInLinkRequestSchema } from '../../shared/schemas/sign-in.ts';
import { LINK_LIMITS } from '../auth/rate-limit.ts';
import { SIGN_IN_LINK_MINUTES } from '../auth/resident.ts';
import { errorResponse, jsonBody } from './openapi-parts.ts';

const session = [{ residentSession: [] }];
const crossSite = errorResponse('From another site\'s page (cross_site).');

export function signInOpenApi() {
  return {
    paths: {
      '/api/sign-in-links': {
        post: {
          summary: 'Email a sign-in link to a resident or representative',
          description:
            `Answers 202 whether or not the address is on a complaint; only an address on one receives an email, in the language of its ` +
            `newest complaint, with a link that works once, for ${SIGN_IN_LINK_MINUTES} minutes (the token after \`#\` in /sign-in/link). ` +
            `At most ${LINK_LIMITS.perAccount} requests per address and ${LINK_LIMITS.perAddress} per client in ${LINK_LIMITS.windowMinutes} minutes.`,
          requestBody: jsonBody(SignInLinkRequestSchema),
          responses: {
            '202': { description: '`{ "sent": "if_known" }`: the same for every address.' },
            '403': crossSite,
            '422': errorResponse('Not an email address (path `email`).'),
            '429': errorResponse('Over the limits (rate_limited, with Retry-After).'),
          },
        },
      },
      '/api/sessions': {
        post: {
          summary: "Open a session with a sign-in link's token",
          description: 'Uses the link up. Sets the session cookie (`__Host-resident_session`: httpOnly, Secure, SameSite=Strict).',
          requestBody: jsonBody(SessionStartSchema),
          responses: {
            '201': { description: '`{ "email" }`: signed in.' },
            '403': crossSite,
            '410': errorResponse('Unknown, expired or already used (sign_in_link_invalid, path `token`).'),
          },
        },
      },
      '/api/sessions/current': {
        get: {
          summary: 'Who is signed in',
          security: session,
          responses: { '200': { description: '`{ "email" }`' }, '401': errorResponse('Not signed in (signed_out).') },
        },
        delete: {
          summary: 'Sign out: the session ends and its cookie is cleared',
          responses: { '204': { description: 'Signed out (also when not signed in).' }, '403': crossSite },
        },
      },
      '/api/complaints/{reference}/remove-representative': {
        post: {
          summary: 'The resident removes the person acting for them (Code 3.6): their session no longer opens the complaint',
          description:
            'Body `{}`; an Idempotency-Key as for every action. The record keeps who it was (event `representative_removed`); when the ' +
            "representative sent the complaint, their phone's access tokens stop working. GET shows `representative` (name, relationship) until then.",
          security: [{ complaintToken: [] }, ...session],
          parameters: [
            { name: 'reference', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: {
            '200': { description: 'The record as it now stands (as GET).' },
            '401': errorResponse('No token, or not this complaint\'s (access_token); a session that has ended (signed_out).'),
            '403': errorResponse('Not the resident (actor_not_allowed), or from another site (cross_site).'),
            '404': errorResponse('Not their complaint.'),
            '409': errorResponse('No representative to remove (not_allowed_now).'),
          },
        },
      },
      '/api/my/complaints': {
        get: {
          summary: 'Every complaint the signed-in address made or that was made for it (as resident or representative), newest first',
          security: session,
          responses: {
            '200': { description: 'The list', content: { 'application/json': { schema: { $ref: '#/components/schemas/MyComplaints' } } } },
            '401': errorResponse('Not signed in (signed_out).'),
          },
        },
      },
    },
    securitySchemes: {
      residentSession: {
        type: 'apiKey',
        in: 'cookie',
        name: '__Host-resident_session',
        description:
          'A resident or representative signed in by an emailed link: opens the complaints whose resident, or representative not removed, has that address.',
      },
    },
    schemas: {
      MyComplaints: {
        type: 'object',
        required: ['email', 'complaints'],
        properties: {
          email: { type: 'string' },
          complaints: {
            type: 'array',
            items: {
              type: 'object',
              required: ['reference', 'role', 'about', 'stage', 'status', 'receivedAt', 'nextDeadline'],
              properties: {
                reference: { type: 'string' },
                role: { enum: ['resident', 'representative'], description: 'Their own complaint, or one they act on for the resident (Code 3.6).' },
                about: {
                  type: 'object',
                  required: ['category', 'summary'],
                  properties: {
                    category: { type: ['string', 'null'], description: "The officer's category, once acknowledged." },
                    summary: { type: 'string', description: "The start of the resident's own words (at most 140 characters)." },
                  },
                },
                stage: { enum: [1, 2] },
                status: { type: 'string' },
                receivedAt: { type: 'string', format: 'date-time' },
                nextDeadline: {
                  type: ['object', 'null'],
                  required: ['kind', 'dueOn'],
                  properties: { kind: { enum: ['acknowledge', 'respond', 'update', 'action'] }, dueOn: { type: 'string', format: 'date' } },
                  description: 'The next date the landlord owes something; null when nothing is owed.',
                },
              },
            },
          },
        },
      },
    },
  };
}
