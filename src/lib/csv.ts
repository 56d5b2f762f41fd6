// Minimal RFC 4180 CSV reader for catalogue and label files.

/**
 * Parses CSV text into records keyed by the header row. Quoted fields may hold commas and
 * newlines. A row with more fields than the header (unquoted commas in the last column, as in
 * the Myntra styles.csv) has its extra fields joined back into the last column.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const rows = splitRows(text);
  const header = rows.shift() ?? [];
  return rows
    .filter((row) => row.length > 1 || row[0] !== '')
    .map((row) => {
      const fields =
        row.length > header.length
          ? [...row.slice(0, header.length - 1), row.slice(header.length - 1).join(',')]
          : row;
      return Object.fromEntries(header.map((name, i) => [name, fields[i] ?? '']));
    });
}

function splitRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
