export { seasonalScale } from "./scale";
export { mae, rmse, mape, smape, mase, directionAccuracy } from "./point";
export { pinballLoss, crpsFromQuantiles, coverage, winklerScore, msis } from "./interval";
