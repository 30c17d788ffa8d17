/**
 * What `npm run staff -- …` does, run either against the database directly or,
 * when a server holds the embedded database, by that server for the command
 * line (server/routes/staff-cli.ts). One implementation, so both ways agree.
 */
import * as v from 'valibot';
import { toFieldIssues } from '../../shared/errors.ts';
import { AddStaffSchema } from '../../shared/schemas/staff.ts';
import type { Db } from '../db/client.ts';
import { addStaffMember, findStaffMember, issuePasswordLink, listStaffMembers, removeStaffMember } from '../domain/staff.ts';
import { apiError, validationError } from '../http-errors.ts';
import { staffRefusal } from '../routes/staff.ts';

const EmailOnly = v.strictObject({ email: AddStaffSchema.entries.email });

export const StaffCommandSchema = v.variant('command', [
  v.strictObject({ command: v.literal('add'), ...AddStaffSchema.entries }),
  v.strictObject({ command: v.literal('list') }),
  v.strictObject({ command: v.literal('remove'), ...EmailOnly.entries }),
  v.strictObject({ command: v.literal('link'), ...EmailOnly.entries }),
]);
export type StaffCommand = v.InferInput<typeof StaffCommandSchema>;

/** Runs a command; the text to print. Refusals are ApiErrors (codes), worded by describeCommandError. */
export async function runStaffCommand(db: Db, input: unknown, publicUrl: string): Promise<string> {
  const parsed = v.safeParse(StaffCommandSchema, input);
  if (!parsed.success) throw validationError(toFieldIssues(parsed.issues));
  const command = parsed.output;
  switch (command.command) {
    case 'add': {
      const { member, link } = await addStaffMember(db, command, publicUrl).catch(staffRefusal);
      return `Added ${member.name} <${member.email}> as ${member.role === 'admin' ? 'an administrator' : 'a complaints officer'}.\n${linkText(link)}`;
    }
    case 'list': {
      const members = await listStaffMembers(db);
      if (members.length === 0) return 'No staff yet. Add the first administrator with: npm run staff -- add --email EMAIL --name NAME --role admin';
      return members
        .map((m) => `${m.role.padEnd(8)} ${m.email}  ${m.name}${m.hasPassword ? '' : '  (has not set a password yet)'}`)
        .join('\n');
    }
    case 'remove': {
      const member = await findStaffMember(db, { email: command.email });
      if (!member) throw apiError(404, 'not_found', [{ path: ['email'], code: 'not_found' }]);
      await removeStaffMember(db, member.id).catch(staffRefusal);
      return `Removed ${member.name} <${member.email}>: their sessions have ended.`;
    }
    case 'link': {
      const member = await findStaffMember(db, { email: command.email });
      if (!member) throw apiError(404, 'not_found', [{ path: ['email'], code: 'not_found' }]);
      return `${member.name} <${member.email}>\n${linkText(await issuePasswordLink(db, member.id, publicUrl))}`;
    }
  }
}

function linkText(link: { url: string; expiresAt: string }): string {
  return (
    `Send them this link to set their password. It works once, until ${link.expiresAt} (24 hours); ` +
    `any earlier link for them no longer works:\n\n  ${link.url}\n`
  );
}

const MESSAGES: Record<string, string> = {
  staff_exists: 'A member of staff with that email already exists.',
  last_admin: 'That is the last administrator: add another administrator first.',
  not_found: 'No current member of staff has that email.',
  required: 'is required',
  email: 'is not an email address',
  too_long: 'is too long',
  choice: 'must be admin or officer',
};

/** An error body from runStaffCommand (directly or over loopback) in words for the terminal. */
export function describeCommandError(body: { error: { code: string; issues?: { path: (string | number)[]; code: string }[] } }): string {
  const { code, issues } = body.error;
  if (code === 'validation' && issues) {
    return issues.map((i) => `--${i.path.join('.')} ${MESSAGES[i.code] ?? i.code}`).join('\n');
  }
  return MESSAGES[code] ?? `Refused: ${code}`;
}
