// The part of papaparse the CSV task parser uses: its low-level Parser.
// tsconfig.base.json maps 'papaparse' here because @types/papaparse
// references all of @types/node, which would give core Node's globals.

declare namespace Papa {
  interface ParserConfig {
    delimiter?: string;
    newline?: string;
    quoteChar?: string;
    /** Called once per row; the result's shape is read as PapaRowResult by the caller. */
    step?(result: unknown, parser: Parser): void;
  }

  class Parser {
    constructor(config: ParserConfig);
    parse(input: string, baseIndex: number, ignoreLastRow: boolean): unknown;
    abort(): void;
  }
}

declare const Papa: { Parser: typeof Papa.Parser };

export default Papa;
