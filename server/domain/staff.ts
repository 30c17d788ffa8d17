/**
 * Staff members and their set-password links, for the console (server/routes/staff.ts)
 * and the command line (server/cli/staff.ts) alike. No member ever has a default
 * password: a new member gets a one-time link, valid 24 hours, to set their own.
 */
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { AddStaff, PasswordLinkView, StaffMemberView } from '../../shared/schemas/staff.ts';
import type { Db } from '../db/client.ts';
import { staff, staffPasswordLinks, staffSessions } from '../db/schema.ts';
import { hashPassword } from '../auth/passwords.ts';
import { hashToken, newToken } from '../auth/tokens.ts';

export const PASSWORD_LINK_HOURS = 24;

/** A member with that email (any case) is already on the staff. */
export class StaffExistsError extends Error {}
/** Removing this member would leave nobody able to add or remove staff. */
export class LastAdminError extends Error {}
/** No current member with that id or email. */
export class StaffNotFoundError extends Error {}

type StaffRow = typeof staff.$inferSelect;

function view(row: StaffRow): StaffMemberView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    hasPassword: row.passwordHash !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Where a link's token goes: after `#`, so it never reaches a server log or a Referer header. */
export function passwordLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/staff/set-password#${token}`;
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: string }).code === '23505') return true;
  }
  return false;
}

/** Current members, administrators first, then by name. */
export async function listStaffMembers(db: Db): Promise<StaffMemberView[]> {
  const rows = await db.select().from(staff).where(isNull(staff.removedAt)).orderBy(asc(staff.role), asc(staff.name));
  return rows.map(view);
}

export async function findStaffMember(db: Db, by: { id: string } | { email: string }): Promise<StaffMemberView | null> {
  const where =
    'id' in by ? eq(staff.id, by.id) : sql`lower(${staff.email}) = ${by.email.trim().toLowerCase()}`;
  const [row] = await db.select().from(staff).where(and(where, isNull(staff.removedAt)));
  return row ? view(row) : null;
}

/** Makes a one-time link for a member to set (or reset) their password; any earlier unused link stops working. */
export async function issuePasswordLink(db: Db, staffId: string, publicUrl: string): Promise<PasswordLinkView> {
  const token = newToken();
  const [link] = await db.transaction(async (tx) => {
    await tx.delete(staffPasswordLinks).where(and(eq(staffPasswordLinks.staffId, staffId), isNull(staffPasswordLinks.usedAt)));
    return tx
      .insert(staffPasswordLinks)
      .values({
        tokenHash: hashToken(token),
        staffId,
        expiresAt: sql`now() + ${sql.raw(`interval '${PASSWORD_LINK_HOURS} hours'`)}`,
      })
      .returning({ expiresAt: staffPasswordLinks.expiresAt });
  });
  return { url: passwordLinkUrl(publicUrl, token), expiresAt: link!.expiresAt.toISOString() };
}

/** Adds a member (no password) and makes their set-password link. */
export async function addStaffMember(
  db: Db,
  input: AddStaff,
  publicUrl: string,
): Promise<{ member: StaffMemberView; link: PasswordLinkView }> {
  let row: StaffRow;
  try {
    [row] = (await db.insert(staff).values({ email: input.email.trim(), name: input.name.trim(), role: input.role }).returning()) as [StaffRow];
  } catch (error) {
    if (isUniqueViolation(error)) throw new StaffExistsError(input.email);
    throw error;
  }
  const link = await issuePasswordLink(db, row.id, publicUrl);
  return { member: view(row), link };
}

/**
 * Removes a member: their sessions end and their links stop working at once.
 * The last administrator cannot be removed (the administrators' rows are locked
 * while counting, so two administrators removing each other cannot both succeed).
 */
export async function removeStaffMember(db: Db, staffId: string): Promise<StaffMemberView> {
  return db.transaction(async (tx) => {
    const admins = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(staff.role, 'admin'), isNull(staff.removedAt)))
      // Always in the same order: two removals at once then wait for each other instead of deadlocking.
      .orderBy(asc(staff.id))
      .for('update');
    const [target] = await tx.select().from(staff).where(and(eq(staff.id, staffId), isNull(staff.removedAt))).for('update');
    if (!target) throw new StaffNotFoundError(staffId);
    if (target.role === 'admin' && admins.length <= 1) throw new LastAdminError(staffId);
    const [removed] = await tx.update(staff).set({ removedAt: sql`now()` }).where(eq(staff.id, staffId)).returning();
    await tx.delete(staffSessions).where(eq(staffSessions.staffId, staffId));
    await tx.delete(staffPasswordLinks).where(and(eq(staffPasswordLinks.staffId, staffId), isNull(staffPasswordLinks.usedAt)));
    return view(removed!);
  });
}

/** Whose link this is, if it can still be used (unused, unexpired, member not removed). */
export async function passwordLinkHolder(db: Db, token: string): Promise<{ email: string; name: string } | null> {
  const [row] = await db
    .select({ email: staff.email, name: staff.name })
    .from(staffPasswordLinks)
    .innerJoin(staff, eq(staff.id, staffPasswordLinks.staffId))
    .where(
      and(
        eq(staffPasswordLinks.tokenHash, hashToken(token)),
        isNull(staffPasswordLinks.usedAt),
        gt(staffPasswordLinks.expiresAt, sql`now()`),
        isNull(staff.removedAt),
      ),
    );
  return row ?? null;
}

/**
 * Sets a password from a link, once: the link is used up in the same statement
 * that checks it, so two uses at the same moment cannot both succeed. Every
 * session the member had ends (a reset must lock out whoever knew the old one).
 * Returns null when the link is unknown, used, expired, or its member removed.
 */
export async function setPasswordFromLink(db: Db, token: string, password: string): Promise<{ email: string } | null> {
  // Hashing costs memory and time: a made-up token is refused before any is spent on it.
  if (!(await passwordLinkHolder(db, token))) return null;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .update(staffPasswordLinks)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(staffPasswordLinks.tokenHash, hashToken(token)),
          isNull(staffPasswordLinks.usedAt),
          gt(staffPasswordLinks.expiresAt, sql`now()`),
        ),
      )
      .returning({ staffId: staffPasswordLinks.staffId });
    if (!link) return null;
    const [member] = await tx
      .update(staff)
      .set({ passwordHash })
      .where(and(eq(staff.id, link.staffId), isNull(staff.removedAt)))
      .returning({ email: staff.email });
    if (!member) return null; // removed since: the link is spent, nothing else changes
    await tx.delete(staffSessions).where(eq(staffSessions.staffId, link.staffId));
    return member;
  });
}
