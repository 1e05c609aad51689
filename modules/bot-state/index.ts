/** The bot's sessions and conversation state. */
import { defineModule } from '../../shared/module.ts';
import { botStateErrors } from './bot-state.errors.ts';
import { botStateRouter } from './bot-state.router.ts';
import { BotState } from './entities/bot-state.entity.ts';
import { purgeStaleBotState } from './use-cases/bot-state.ts';

export const botStateModule = defineModule({
  name: 'botState',
  entities: [BotState],
  routers: { botState: botStateRouter },
  errors: botStateErrors,
  dispatch: purgeStaleBotState,
});
