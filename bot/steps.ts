import type { ButtonCodec } from '../shared/buttons.ts';
import type { BotContext } from './context.ts';

/**
 * The step a patient is at, among the steps answered with buttons (booking, my appointments):
 * a text typed there shows the same step again, below it, with a hint, instead of "I did not
 * understand". Those flows keep no state of their own (every button carries the whole choice),
 * so the step is remembered as the data of the button that drew it, and drawn again by the same
 * handler. Only steps that merely show something are redrawable; a button that changes
 * something (hold, confirm, cancel) ends the step, so a text after it is not answered by
 * repeating it.
 */
export class Steps {
  readonly #redraws = new Map<ButtonCodec<unknown>, (ctx: BotContext, data: string) => Promise<void>>();
  /** Buttons whose data names a step drawn by an action (see `shown`); their own tap ends it. */
  readonly #named = new Set<ButtonCodec<unknown>>();

  /**
   * Steps drawn by this button can be drawn again from its data. `named`: the button does
   * something when tapped (so its tap ends the step); its data only names a step an action drew,
   * such as the summary a hold draws (named by its "back" button, which carries the whole choice).
   */
  redrawable<V>(
    codec: ButtonCodec<V>,
    draw: (ctx: BotContext, values: V) => Promise<void>,
    options: { named?: boolean } = {},
  ): void {
    this.#redraws.set(codec as ButtonCodec<unknown>, async (ctx, data) => {
      const values = codec.parse(data);
      if (values) await draw(ctx, values);
    });
    if (options.named) this.#named.add(codec as ButtonCodec<unknown>);
  }

  /**
   * After a tap of this button (or a command that draws the same step as `data` would): remember
   * it when it is redrawable, forget the step otherwise.
   */
  reached(ctx: BotContext, codec: ButtonCodec<unknown>, data: string | undefined): void {
    // The message it is drawn in is noted when it is shown (show() in booking/render.ts).
    ctx.session.step = data && this.#redraws.has(codec) && !this.#named.has(codec) ? { data } : undefined;
  }

  /** An action drew the step this button's data names (registered `named`). */
  shown(ctx: BotContext, data: string): void {
    ctx.session.step = { ...ctx.session.step, data };
  }

  /**
   * Draws the remembered step again as a new message (after `before`, the hint), the old one
   * losing its buttons so that one set answers; false when no step is remembered.
   */
  async redraw(ctx: BotContext, before: () => Promise<unknown>): Promise<boolean> {
    const step = ctx.session.step;
    if (!step) return false;
    const codec = [...this.#redraws.keys()].find((c) => c.parse(step.data));
    if (!codec) {
      ctx.session.step = undefined;
      return false;
    }
    await before();
    if (step.messageId && ctx.chat)
      await ctx.api.editMessageReplyMarkup(ctx.chat.id, step.messageId).catch(() => {});
    ctx.session.step = { data: step.data };
    await this.#redraws.get(codec)!(ctx, step.data);
    return true;
  }
}
