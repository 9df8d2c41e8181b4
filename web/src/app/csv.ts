/** Quotes one CSV field (RFC 4180). */
function field(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Builds a CSV file Excel opens correctly (UTF-8 with a BOM, CRLF line ends). */
export function toCsvBlob(rows: (string | number)[][]): Blob {
  const text = rows.map((r) => r.map(field).join(',')).join('\r\n');
  return new Blob([`\uFEFF${text}\r\n`], { type: 'text/csv;charset=utf-8' });
}
