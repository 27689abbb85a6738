/** Every job definition, in one list: the Inngest serve route and the embedded runner both read it. */
import type { AnyJobDefinition } from "../define-job";
import { backfill } from "./backfill";
import { checkDeployment } from "./check-deployment";
import { computeDriftJob } from "./compute-drift";
import { evaluateAlerts } from "./evaluate-alerts";
import { forecastTickersJob } from "./forecast-tickers";
import { ingestScheduled } from "./ingest-scheduled";
import { refreshForecasts } from "./refresh-forecasts";
import { retrainScheduled } from "./retrain-scheduled";
import { trainModel } from "./train-model";

export { backfill, checkDeployment, computeDriftJob, evaluateAlerts, ingestScheduled, refreshForecasts, retrainScheduled, trainModel, forecastTickersJob };

export const allJobs: AnyJobDefinition[] = [trainModel, retrainScheduled, ingestScheduled, backfill, refreshForecasts, evaluateAlerts, computeDriftJob, checkDeployment, forecastTickersJob] as AnyJobDefinition[];
