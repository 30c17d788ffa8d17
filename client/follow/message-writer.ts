/** Who wrote a message and when, in the reader's words: "You wrote on …", "Your representative wrote on …", the landlord's name. */
import { landlord } from '../../shared/config/landlord.ts';
import type { Message } from '../../shared/lifecycle.ts';
import type { ResidentComplaintView } from '../../shared/resident-view.ts';
import { i18next } from '../i18n/index.ts';
import { formatDate } from '../i18n/format.ts';

export function messageWriter(message: Message, viewer: ResidentComplaintView['viewer']): string {
  const key = message.from === 'landlord' ? 'landlord' : message.from === viewer ? 'you' : message.from;
  return i18next.t(`follow.messages.from_${key}`, { landlord: landlord.name, date: formatDate(message.on) });
}
