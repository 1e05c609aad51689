import { defineEntity, p } from '@mikro-orm/core';

/**
 * Hits of a public page per client address in a fixed window (the verification page, the code
 * check of download links): enough to stop enumeration from one address, shared by every
 * instance because it lives in PostgreSQL.
 */
export const PageThrottleSchema = defineEntity({
  name: 'PageThrottle',
  tableName: 'documents_throttle',
  properties: {
    key: p.string().length(200).primary(),
    hits: p.integer(),
    windowStart: p.datetime(),
  },
  indexes: [{ properties: ['windowStart'] }],
});

export class PageThrottle extends PageThrottleSchema.class {}
PageThrottleSchema.setClass(PageThrottle);
