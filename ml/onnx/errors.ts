/** A model cannot be exported as given; `field` names the offending part (e.g. "heads[1].trees[3].threshold[7]"). */
export class OnnxExportError extends Error {
  readonly field: string;
  constructor(message: string, field: string) {
    super(`${message} (${field})`);
    this.name = "OnnxExportError";
    this.field = field;
  }
}

/** Bytes are not a model this library wrote, or its recorded signature is missing or malformed. */
export class OnnxReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OnnxReadError";
  }
}
