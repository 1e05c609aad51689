/**
 * The composition root's list of feature modules: each contributes its entities, its router and
 * (later) its jobs through its one public door.
 */

import { authModule } from '../modules/auth/index.ts';
import { clinicModule } from '../modules/clinic/index.ts';

export const modules = [authModule, clinicModule];

export const entities = [...authModule.entities, ...clinicModule.entities];
