/**
 * /api/staff: signing in and out, the signed-in member, setting a password from
 * a one-time link, and (administrators) the staff members. Every state-changing
 * request passes crossSiteGuard; everything but sign-in and the link pages
 * needs a session (requireStaff).
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import { toFieldIssues } from '../../shared/errors.ts';
import { AddStaffSchema, SetPasswordSchema, SignInSchema } from '../../shared/schemas/staff.ts';
import { crossSiteGuard, requireAdmin, requireStaff, signIn, signOut, type StaffAuth, type StaffVariables } from '../auth/staff.ts';
import {
  addStaffMember,
  findStaffMember,
  issuePasswordLink,
  LastAdminError,
  listStaffMembers,
  passwordLinkHolder,
  removeStaffMember,
  setPasswordFromLink,
  StaffExistsError,
  StaffNotFoundError,
} from '../domain/staff.ts';
import { bodyLimit } from '../body-limit.ts';
import { apiError, refusal, validationError } from '../http-errors.ts';
import { parseJson } from './complaints.ts';

/** Staff requests are a few fields: anything bigger is not one of ours. */
const STAFF_BODY_BYTES = 16 * 1024;
const limit = bodyLimit(STAFF_BODY_BYTES);
/** The same bound for any small JSON body (residents' sign-in too). */
export { limit as smallBodyLimit };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The JSON body checked against a schema: 415, 400 or 422 with every failing field. */
export async function readBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json')) {
    throw refusal(415, 'content_type', ['headers', 'content-type']);
  }
  const result = v.safeParse(schema, parseJson(await c.req.text(), ['body']));
  if (!result.success) throw validationError(toFieldIssues(result.issues));
  return result.output;
}

/** Domain refusals as API errors. */
export function staffRefusal(error: unknown): never {
  if (error instanceof StaffExistsError) throw refusal(409, 'staff_exists', ['email']);
  if (error instanceof LastAdminError) throw refusal(409, 'last_admin', ['url']);
  if (error instanceof StaffNotFoundError) throw refusal(404, 'not_found', ['url']);
  throw error;
}

export function staffRoutes(auth: Pick<StaffAuth, 'db' | 'publicUrl'>) {
  const { db, publicUrl } = auth;
  const members = new Hono<{ Variables: StaffVariables }>()
    .use(requireStaff, requireAdmin)
    .get('/', async (c) => c.json({ members: await listStaffMembers(db) }))
    .post('/', limit, async (c) => {
      const input = await readBody(c, AddStaffSchema);
      const added = await addStaffMember(db, input, publicUrl).catch(staffRefusal);
      return c.json(added, 201);
    })
    .post('/:id/password-link', async (c) => {
      const id = c.req.param('id');
      if (!UUID.test(id)) throw refusal(404, 'not_found', ['url']);
      const member = await findStaffMember(db, { id });
      if (!member) throw refusal(404, 'not_found', ['url']);
      return c.json({ member, link: await issuePasswordLink(db, id, publicUrl) }, 201);
    })
    .delete('/:id', async (c) => {
      const id = c.req.param('id');
      if (!UUID.test(id)) throw refusal(404, 'not_found', ['url']);
      const removed = await removeStaffMember(db, id).catch(staffRefusal);
      return c.json({ member: removed });
    });

  return new Hono<{ Variables: StaffVariables }>()
    .use(crossSiteGuard)
    .post('/sign-in', limit, async (c) => {
      const { email, password } = await readBody(c, SignInSchema);
      const staff = await signIn(c, email, password);
      return c.json({ staff });
    })
    .post('/sign-out', async (c) => {
      await signOut(c);
      return c.body(null, 204);
    })
    .get('/me', requireStaff, (c) => c.json({ staff: c.get('staff') }))
    // The token travels in the body, never in a URL: URLs end up in logs.
    .post('/password-links/check', limit, async (c) => {
      const { token } = await readBody(c, v.strictObject({ token: SetPasswordSchema.entries.token }));
      const holder = await passwordLinkHolder(db, token);
      if (!holder) throw refusal(410, 'link_invalid', ['token']);
      return c.json(holder);
    })
    .post('/password', limit, async (c) => {
      const { token, password } = await readBody(c, SetPasswordSchema);
      const result = await setPasswordFromLink(db, token, password);
      if (!result) throw refusal(410, 'link_invalid', ['token']);
      return c.json(result);
    })
    .route('/members', members);
}
