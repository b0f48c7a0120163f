// Every table, one module per area. Migrations are generated from these with `npm run db:generate`
// and committed under src/db/migrations; never edit a migration that has shipped.
export * from './tables/platform.js';
export * from './tables/crm.js';
export * from './tables/listening.js';
export * from './tables/inbox.js';
export * from './tables/whatsapp.js';
