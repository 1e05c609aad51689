import type { Localized } from '../../shared/localized.ts';
import type {
  FaqCategory,
  FaqEntry,
  Ticket,
  TicketAuthor,
  TicketKind,
  TicketMedia,
  TicketMessage,
  TicketStatus,
} from './entities/support.entity.ts';

export interface FaqCategoryView {
  id: number;
  name: Localized;
  sortOrder: number;
  active: boolean;
}
export const categoryView = (c: FaqCategory): FaqCategoryView => ({
  id: c.id,
  name: c.name,
  sortOrder: c.sortOrder,
  active: c.active,
});

export interface FaqEntryView {
  id: number;
  categoryId: number;
  question: Localized;
  answer: Localized;
  sortOrder: number;
  published: boolean;
}
export const entryView = (e: FaqEntry): FaqEntryView => ({
  id: e.id,
  categoryId: e.category.id,
  question: e.question,
  answer: e.answer,
  sortOrder: e.sortOrder,
  published: e.published,
});

export interface TicketMessageView {
  id: number;
  author: TicketAuthor;
  authorName: string | null;
  text: string | null;
  media: TicketMedia | null;
  via: 'bot' | 'topic' | 'api';
  createdAt: Date;
}
export const messageView = (m: TicketMessage): TicketMessageView => ({
  id: m.id,
  author: m.author,
  authorName: m.authorName ?? null,
  text: m.text ?? null,
  media: m.media ?? null,
  via: m.via,
  createdAt: m.createdAt,
});

/** A ticket as the patient's side sees it. */
export interface TicketView {
  id: number;
  kind: TicketKind;
  status: TicketStatus;
  appointmentId: number | null;
  createdAt: Date;
  closedAt: Date | null;
  rating: number | null;
  version: number;
}
export const ticketView = (t: Ticket): TicketView => ({
  id: t.id,
  kind: t.kind,
  status: t.status,
  appointmentId: t.appointmentId ?? null,
  createdAt: t.createdAt,
  closedAt: t.closedAt ?? null,
  rating: t.rating ?? null,
  version: t.version,
});

/** A ticket in the staff inbox: who, how long it has waited, who answers it. */
export interface StaffTicketView extends TicketView {
  patient: { id: number; name: string };
  language: 'ru' | 'kk';
  assigneeId: number | null;
  /** A staff group member who took it with /assign in its topic (instead of an account). */
  assigneeMember: { telegramUserId: number; name: string } | null;
  lastPatientAt: Date;
  lastStaffAt: Date | null;
  firstResponseAt: Date | null;
  /** Minutes the patient has waited for an answer (open tickets), else null. */
  waitingMinutes: number | null;
}
