import type { ConversationFlavor } from '@grammyjs/conversations';
import type { I18nFlavor } from '@grammyjs/i18n';
import type { TRPCClient } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { Context, SessionFlavor } from 'grammy';
import type { AppRouter } from '../server/router.ts';
import type { Language } from '../shared/localized.ts';

/** The typed API as the bot sees it: every call acts for one Telegram user. */
export type EmhanaApi = TRPCClient<AppRouter>;
export type ApiInputs = inferRouterInputs<AppRouter>;
export type ApiOutputs = inferRouterOutputs<AppRouter>;
export type MeView = ApiOutputs['patients']['me'];

/** Creates the API client that acts for a Telegram user (in process, or over HTTP). */
export type ApiFactory = (telegramUserId: number) => EmhanaApi;

export interface SessionData {
  /** The last message that carries a step's inline buttons; its buttons go when the step is done. */
  promptMessageId?: number;
  /** The visit whose NPS comment the next text message is. */
  awaitingCommentFor?: number;
  /** /cancel paused registration: until /start or a registration button, a text is not an answer. */
  registrationPaused?: boolean;
  /** "Other reason" for cancelling this visit: its text, once typed (until then the next text is it). */
  cancelNote?: { appointmentId: number; version: number; text?: string };
  /** "Talk to a person" was tapped: the next message (text, photo, file) opens a request. */
  supportAsk?: boolean;
  /** The button step the patient is at (the data of the button that drew it; see bot/steps.ts). */
  step?: { data: string; messageId?: number };
  /**
   * The broadcast reader row whose "book this service" started the booking under way: its visit,
   * once confirmed, is counted as that button's. Starting booking another way forgets it.
   */
  bookingFromBroadcast?: number;
  /** The language this chat's own `/` menu was last set in (bot/commands.ts). */
  menuLanguage?: Language;
  /** The random ids of the registration and booking under way, for the funnels (bot/funnels.ts). */
  funnelAttempts?: { registration?: string; booking?: string };
}

export interface BotFlavor {
  emhana: EmhanaApi;
  account: MeView;
}

/** What handlers inside and outside conversations can rely on. */
export type BaseContext = Context & I18nFlavor & BotFlavor;
export type BotContext = ConversationFlavor<
  BaseContext & SessionFlavor<SessionData> & { funnels: FunnelReports }
>;

/** Reports the steps of the registration and booking funnels (bot/funnels.ts). */
export interface FunnelReports {
  /** Starts a new attempt at the funnel (a new booking), forgetting the one before. */
  restart(ctx: BotContext, funnel: ApiInputs['analytics']['track']['funnel']): void;
  /** The attempt reached `step`; `finish`: it is over, the next step starts a new attempt. */
  step(
    ctx: BotContext,
    funnel: ApiInputs['analytics']['track']['funnel'],
    step: string,
    dims?: { branchId?: number; serviceId?: number; doctorId?: number },
    finish?: boolean,
  ): void;
}
