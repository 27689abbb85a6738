/** Every job definition, in one list: the Inngest serve route and the embedded runner both read it. */
import type { AnyJobDefinition } from "../define-job";
import { backfill } from "./backfill";
import { evaluateAlerts } from "./evaluate-alerts";
import { forecastTickersJob } from "./forecast-tickers";
import { ingestScheduled } from "./ingest-scheduled";
import { refreshForecasts } from "./refresh-forecasts";
import { retrainScheduled } from "./retrain-scheduled";
import { trainModel } from "./train-model";

export { backfill, evaluateAlerts, ingestScheduled, refreshForecasts, retrainScheduled, trainModel };

export const allJobs: AnyJobDefinition[] = [trainModel, retrainScheduled, ingestScheduled, backfill, refreshForecasts, evaluateAlerts, forecastTickersJob] as AnyJobDefinition[];
