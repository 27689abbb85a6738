/**
 * The app's tRPC API: one line per domain router. Adding a domain = one import + one entry here.
 */
import { createCallerFactory, router } from "./init";
import { anomaliesRouter } from "./routers/anomalies";
import { marketsRouter } from "./routers/markets";
import { monitoringRouter } from "./routers/monitoring";
import { apiKeysRouter } from "./routers/api-keys";
import { assetsRouter } from "./routers/assets";
import { importsRouter } from "./routers/imports";
import { usersRouter } from "./routers/users";
import { jobsRouter } from "./routers/jobs";
import { modelsRouter } from "./routers/models";
import { airRouter } from "./routers/air";
import { alertsRouter } from "./routers/alerts";

export const appRouter = router({
  assets: assetsRouter,
  apiKeys: apiKeysRouter,
  imports: importsRouter,
  users: usersRouter,
  jobs: jobsRouter,
  models: modelsRouter,
  anomalies: anomaliesRouter,
  monitoring: monitoringRouter,
  markets: marketsRouter,
  air: airRouter,
  alerts: alertsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (tests, server components): `createCaller({ db, user })`. */
export const createCaller = createCallerFactory(appRouter);
