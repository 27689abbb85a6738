/** Every job definition, in one list: the Inngest serve route and the embedded runner both read it. */
import type { AnyJobDefinition } from "../define-job";
import { refreshForecasts } from "./refresh-forecasts";
import { trainModel } from "./train-model";

export { refreshForecasts, trainModel };

export const allJobs: AnyJobDefinition[] = [trainModel, refreshForecasts] as AnyJobDefinition[];
