// Reads an import body (CSV streamed through csv-parse, or a JSON array) into rows for ImportProducts, under its own byte limit.
import { Readable } from "node:stream";
import {
  IMPORT_COLUMNS,
  type ImportLineError,
  ImportRejectedError,
  type ImportRowInput,
  InvalidInputError,
  REQUIRED_IMPORT_COLUMNS,
} from "@orders/domain";
import { CsvError, parse } from "csv-parse";
import { HttpError } from "./HttpError.js";

/**
 * The body limit of POST /products/import alone (every other route keeps the app's 64 KiB):
 * 100,000 rows of typical catalog data are 4-15 MiB of CSV, and a row at every field's maximum
 * (64-character SKU, 200-character name of 4-byte characters) about 900 bytes, so 64 MiB admits the
 * largest legal import of 100,000 ordinary rows with room to spare. A CSV body is parsed as it
 * arrives, so memory follows the rows kept, not the bytes read; a JSON body is read whole first.
 */
export const IMPORT_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

type Column = (typeof IMPORT_COLUMNS)[number];

const tooLarge = (limit: number) =>
  new HttpError("payload_too_large", `request body is larger than ${limit} bytes`, { limit_bytes: limit });

/** The body's chunks, refusing it with 413 once more than `limit` bytes have come (or are declared). */
async function* limited(request: Request, limit: number): AsyncGenerator<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (request.body === null) return;
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    yield chunk;
  }
}

const rejectAtHeader = (error: string) =>
  new ImportRejectedError([{ line: 1, field: "header", error } satisfies ImportLineError]);

const HEADER_HELP = `the first line names the columns ${REQUIRED_IMPORT_COLUMNS.join(",")}[,warehouse_id,on_hand]`;

/** The header's columns, or an ImportRejectedError saying what is wrong with it. */
function columnsOf(header: readonly string[]): Column[] {
  const known = new Set<string>(IMPORT_COLUMNS);
  const unknown = header.filter((name) => !known.has(name));
  if (unknown.length > 0) throw rejectAtHeader(`unknown column(s) ${unknown.join(", ")}: ${HEADER_HELP}`);
  const repeated = header.filter((name, i) => header.indexOf(name) !== i);
  if (repeated.length > 0) throw rejectAtHeader(`column(s) ${repeated.join(", ")} appear twice`);
  const missing = REQUIRED_IMPORT_COLUMNS.filter((name) => !header.includes(name));
  if (missing.length > 0) throw rejectAtHeader(`missing column(s) ${missing.join(", ")}: ${HEADER_HELP}`);
  if (header.includes("warehouse_id") !== header.includes("on_hand")) {
    throw rejectAtHeader("warehouse_id and on_hand come together or not at all");
  }
  return header as Column[];
}

const NUMERIC: ReadonlySet<Column> = new Set(["price_cents", "warehouse_id", "on_hand"]);

/**
 * A CSV field as the field rules take it: text for sku and name; for the numeric columns digits
 * become a number, an empty field is absent, and anything else stays text (which the rule refuses).
 */
function fieldValue(column: Column, text: string): unknown {
  if (!NUMERIC.has(column)) return text;
  if (text === "") return undefined;
  return /^[0-9]+$/.test(text) ? Number(text) : text;
}

const newlines = (fields: readonly string[]) => fields.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);

/**
 * Rows of an RFC 4180 CSV body (comma, double quotes, CRLF or LF, optional UTF-8 BOM; quoted
 * fields may hold commas, quotes and line breaks), parsed while the body arrives. `line` is the
 * physical line a record starts on (the header is line 1). A record with the wrong number of
 * fields is refused on its line and reading goes on; broken quoting ends the reading there.
 */
export async function* csvImportRows(
  request: Request,
  limit = IMPORT_BODY_LIMIT_BYTES,
): AsyncGenerator<ImportRowInput> {
  const source = Readable.from(limited(request, limit));
  // Line numbers are counted here (csv-parse's `info` doubles its cost): a blank line stays a
  // record of one empty field, so every physical line is seen.
  const parser = parse({ bom: true, relax_column_count: true, record_delimiter: ["\r\n", "\n"] });
  source.on("error", (error) => parser.destroy(error));
  source.pipe(parser);
  let columns: Column[] | null = null;
  let nextLine = 1;
  const widthErrors: ImportLineError[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += 1 + newlines(record);
      if (record.length === 1 && record[0] === "") continue;
      if (columns === null) {
        columns = columnsOf(record);
        continue;
      }
      if (record.length !== columns.length) {
        // Reported with the rest once the rows have been read; the row is skipped.
        widthErrors.push({ line, field: null, error: `has ${record.length} fields, the header has ${columns.length}` });
        continue;
      }
      const row: Record<string, unknown> = { line };
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i] as Column;
        row[column] = fieldValue(column, record[i] ?? "");
      }
      yield row as unknown as ImportRowInput;
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // The line the parser stopped on (for an unclosed quote: the end of the input, as its message says).
    const { lines } = error as CsvError & { lines?: number };
    throw new ImportRejectedError([...widthErrors, { line: lines ?? nextLine, field: null, error: error.message }]);
  } finally {
    source.destroy();
  }
  if (columns === null) throw rejectAtHeader(`missing: ${HEADER_HELP}`);
  if (widthErrors.length > 0) throw new ImportRejectedError(widthErrors);
}

/**
 * Rows of a JSON array of objects with the import's columns as keys (numbers as JSON numbers). The
 * body is read whole and parsed before any row is given; `line` is an item's position in the
 * array, from 1. An item that is not an object, or has a key that is no column, is refused on its
 * line (reported when the rows have been read, with the use case's own errors).
 */
export async function jsonImportRows(
  request: Request,
  limit = IMPORT_BODY_LIMIT_BYTES,
): Promise<Iterable<ImportRowInput>> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of limited(request, limit)) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError("invalid_json", "request body is not valid JSON");
  }
  if (!Array.isArray(parsed)) throw new InvalidInputError("body", "must be a JSON array of objects");
  return jsonRows(parsed);
}

function* jsonRows(items: readonly unknown[]): Generator<ImportRowInput> {
  const known = new Set<string>(IMPORT_COLUMNS);
  const errors: ImportLineError[] = [];
  for (const [i, item] of items.entries()) {
    const line = i + 1;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      errors.push({ line, field: null, error: "must be an object" });
      continue;
    }
    const unknown = Object.keys(item).filter((key) => !known.has(key));
    for (const key of unknown) errors.push({ line, field: key, error: "is not a column of the import" });
    if (unknown.length === 0) yield { ...(item as Omit<ImportRowInput, "line">), line };
  }
  if (errors.length > 0) throw new ImportRejectedError(errors);
}
