/** Typed errors for `ml/`: callers can tell bad input from internal failures. */

/** Input data or options are invalid; `field` and (for tabular input) `row`/`column` locate the problem. */
export class InvalidInputError extends Error {
  readonly field: string;
  readonly row?: number;
  readonly column?: string;
  constructor(message: string, where: { field: string; row?: number; column?: string }) {
    const loc = [
      where.row !== undefined ? `row ${where.row}` : null,
      where.column !== undefined ? `column "${where.column}"` : null,
    ]
      .filter(Boolean)
      .join(", ");
    super(loc ? `${message} (${loc})` : message);
    this.name = "InvalidInputError";
    this.field = where.field;
    this.row = where.row;
    this.column = where.column;
  }
}

/** A model was asked to forecast before `fit`, or fitting failed in a way the caller cannot fix. */
export class ModelStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelStateError";
  }
}
