import { Composer } from 'grammy';
import { BUTTONS } from '../../shared/buttons.ts';
import { BOT_BUTTONS as B, onTap } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import { domainFailure, errorMessage } from '../errors.ts';
import { mainMenu } from '../keyboards.ts';
import type { Steps } from '../steps.ts';
import { openBooking, startBooking } from './booking/book.ts';
import { showBelow } from './booking/render.ts';

/**
 * A broadcast's "book this service": the tap is counted as its reader's (the API checks the reader
 * row is this Telegram account's), and booking opens at that service below the broadcast, which
 * stays as it was. The visit confirmed in that booking is counted as the button's (book.ts).
 */
export function broadcastsFeature(steps: Steps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const registered = composer.filter((ctx) => ctx.account.registered);

  onTap(registered, BUTTONS.broadcastBook, async (ctx, { recipientId, button }) => {
    // A staff member's test send has no reader (0) and names no broadcast: the tap shows that the
    // button opens booking, counting nothing.
    if (recipientId === 0) {
      await ctx.answerCallbackQuery();
      showBelow(ctx);
      steps.reached(ctx, BUTTONS.rebook, BUTTONS.rebook.data({}));
      return startBooking(ctx);
    }
    let serviceId: number;
    try {
      ({ serviceId } = await ctx.emhana.broadcasts.tapBook.mutate({ recipientId, button }));
    } catch (error) {
      const failure = domainFailure(error);
      if (!failure) throw error;
      // Someone else's button (forged data) or one that no longer names a service.
      await ctx.answerCallbackQuery();
      await ctx.reply(errorMessage(ctx, failure), { reply_markup: mainMenu(ctx) });
      return;
    }
    await ctx.answerCallbackQuery();
    showBelow(ctx);
    // Remembered after startBooking's own start: that one (with a service) keeps it.
    ctx.session.bookingFromBroadcast = recipientId;
    steps.reached(ctx, B.bookServiceWhom, B.bookServiceWhom.data({ serviceId }));
    await openBooking(ctx, serviceId);
  });

  return composer;
}
