import { botProcedure, publicProcedure, router, staffProcedure } from '../../shared/trpc.ts';
import * as s from './support.schemas.ts';
import {
  allCategories,
  allEntries,
  createCategory,
  createEntry,
  publishedCategories,
  publishedEntries,
  publishedEntry,
  removeEntry,
  searchFaq,
  updateCategory,
  updateEntry,
} from './use-cases/faq.ts';
import {
  assignTicket,
  closeTicket,
  inbox,
  readTicket,
  reopenTicket,
  replyToTicket,
} from './use-cases/staff-tickets.ts';
import {
  closeMyTicket,
  currentTicket,
  myTicket,
  myTickets,
  openTicket,
  rateTicket,
  reportAbsence,
  writeToTicket,
} from './use-cases/tickets.ts';
import { answerFromTopic, commandInTopic } from './use-cases/topic.ts';

/** Who answers patients: operators, and the desk and admins beside them. */
const answerers = () => staffProcedure('admin', 'operator', 'registrar');
/** Who writes the FAQ. */
const editors = () => staffProcedure('admin', 'operator');

export const supportRouter = router({
  /** The FAQ as patients read it: published entries of active categories. */
  faq: router({
    categories: publicProcedure.query(({ ctx }) => publishedCategories(ctx)),
    entries: publicProcedure
      .input(s.categoryIdInput)
      .query(({ ctx, input }) => publishedEntries(ctx, input.categoryId)),
    entry: publicProcedure
      .input(s.entryIdInput)
      .query(({ ctx, input }) => publishedEntry(ctx, input.entryId)),
    search: publicProcedure.input(s.searchInput).query(({ ctx, input }) => searchFaq(ctx, input)),
  }),

  /** The acting account's tickets. */
  tickets: router({
    open: botProcedure.input(s.openTicketInput).mutation(({ ctx, input }) => openTicket(ctx, input)),
    current: botProcedure.query(({ ctx }) => currentTicket(ctx)),
    mine: botProcedure.query(({ ctx }) => myTickets(ctx)),
    get: botProcedure.input(s.ticketIdInput).query(({ ctx, input }) => myTicket(ctx, input.ticketId)),
    write: botProcedure.input(s.writeInput).mutation(({ ctx, input }) => writeToTicket(ctx, input)),
    close: botProcedure
      .input(s.ticketIdInput)
      .mutation(({ ctx, input }) => closeMyTicket(ctx, input.ticketId)),
    rate: botProcedure.input(s.rateInput).mutation(({ ctx, input }) => rateTicket(ctx, input)),
    reportAbsence: botProcedure
      .input(s.reportAbsenceInput)
      .mutation(({ ctx, input }) => reportAbsence(ctx, input)),
  }),

  staff: router({
    inbox: answerers()
      .input(s.inboxInput)
      .query(({ ctx, input }) => inbox(ctx, input)),
    get: answerers()
      .input(s.ticketIdInput)
      .query(({ ctx, input }) => readTicket(ctx, input.ticketId)),
    reply: answerers()
      .input(s.replyInput)
      .mutation(({ ctx, input }) => replyToTicket(ctx, input)),
    assign: answerers()
      .input(s.assignInput)
      .mutation(({ ctx, input }) => assignTicket(ctx, input)),
    close: answerers()
      .input(s.ticketIdInput)
      .mutation(({ ctx, input }) => closeTicket(ctx, input.ticketId)),
    reopen: answerers()
      .input(s.ticketIdInput)
      .mutation(({ ctx, input }) => reopenTicket(ctx, input.ticketId)),
    /** The bot, acting for a member of the staff group who wrote in a ticket's topic. */
    fromTopic: botProcedure
      .input(s.topicMessageInput)
      .mutation(({ ctx, input }) => answerFromTopic(ctx, input)),
    /** The bot, acting for a member who typed /assign, /close or /reopen in a ticket's topic. */
    topicCommand: botProcedure
      .input(s.topicCommandInput)
      .mutation(({ ctx, input }) => commandInTopic(ctx, input)),
    faq: router({
      categories: editors().query(({ ctx }) => allCategories(ctx)),
      entries: editors()
        .input(s.categoryIdInput.partial())
        .query(({ ctx, input }) => allEntries(ctx, input.categoryId)),
      createCategory: editors()
        .input(s.categoryInput)
        .mutation(({ ctx, input }) => createCategory(ctx, input)),
      updateCategory: editors()
        .input(s.updateCategoryInput)
        .mutation(({ ctx, input }) => updateCategory(ctx, input)),
      createEntry: editors()
        .input(s.entryInput)
        .mutation(({ ctx, input }) => createEntry(ctx, input)),
      updateEntry: editors()
        .input(s.updateEntryInput)
        .mutation(({ ctx, input }) => updateEntry(ctx, input)),
      removeEntry: editors()
        .input(s.entryIdInput)
        .mutation(({ ctx, input }) => removeEntry(ctx, input.entryId)),
    }),
  }),
});
