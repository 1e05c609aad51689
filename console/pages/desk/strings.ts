import kkStrings from '../../../locales/kk/console-desk.lazy.ftl?raw';
import ruStrings from '../../../locales/ru/console-desk.lazy.ftl?raw';
import { addStrings } from '../../i18n.tsx';

// The registrar's words (the day board, booking by phone, the identity queue) come with the first of these pages
// opened, in the chunk its views share, not with the console's first load. Imported by each view
// for this effect; a module runs once, so they are added once.
addStrings({ ru: ruStrings, kk: kkStrings });
