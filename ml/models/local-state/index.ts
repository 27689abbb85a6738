export { fitLocalState, forecastLocalState, parseCombinationName, stateModels, type LocalModelState, type LocalForecastInput } from "./local-state";
export { selectLocalModel, type LocalSelection, type LeaderboardRow, type SelectLocalModelOptions } from "./select-local-model";
