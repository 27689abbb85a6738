export { createIntermittentForecaster, crostonFit, fitIntermittent, tsbFit, zeroShare, type IntermittentMethod, type IntermittentOptions } from "./croston";
