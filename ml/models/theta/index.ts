export { createThetaForecaster, thetaFit, type ThetaOptions, type ThetaVariant } from "./theta";
export { fitSes } from "./ses";
