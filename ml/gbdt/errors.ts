export { InvalidInputError, ModelStateError } from "@/ml/errors";
