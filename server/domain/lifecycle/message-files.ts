/**
 * The photos and documents sent with messages (Code 6.8), kept beside the record in `attachments`
 * with their message's id; the event on the record names each (filename, type, size, SHA-256).
 * A file is read back only through a route that has already checked who is asking.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { NewEvent } from '../../../shared/lifecycle-events.ts';
import { attachments, complaints } from '../../db/schema.ts';
import type { VerifiedAttachment } from '../complaints.ts';
import type { Queryable } from './record.ts';

/** Stores the files of the message among `events` (in the caller's transaction, beside the event). */
export async function storeMessageFiles(tx: Queryable, complaintId: string, events: readonly NewEvent[], files: readonly VerifiedAttachment[]) {
  if (files.length === 0) return;
  const message = events.find((e) => e.type === 'message_from_resident' || e.type === 'message_to_resident');
  if (!message) throw new Error('Files came with an action that sends no message.');
  await tx.insert(attachments).values(
    files.map((file, position) => ({
      complaintId,
      messageId: message.data.messageId,
      position,
      filename: file.filename,
      mediaType: file.mediaType,
      size: file.content.byteLength,
      content: file.content,
    })),
  );
}

/**
 * One file of a complaint: a message's (`messageId`), or, with `messageId` null, one the complaint
 * was sent with. Null when there is no such file.
 */
export async function readAttachment(db: Queryable, reference: string, messageId: string | null, position: number) {
  const [file] = await db
    .select({ filename: attachments.filename, mediaType: attachments.mediaType, content: attachments.content })
    .from(attachments)
    .innerJoin(complaints, eq(complaints.id, attachments.complaintId))
    .where(
      and(
        eq(complaints.reference, reference),
        messageId === null ? isNull(attachments.messageId) : eq(attachments.messageId, messageId),
        eq(attachments.position, position),
      ),
    );
  return file ?? null;
}
